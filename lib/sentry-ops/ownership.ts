// Who owns what: the one source. Sentry's ownership rules (per project) and .github/CODEOWNERS
// are both derived from it; tests/unit/sentry-ops-description.test.ts checks the file is current.

export const TEAMS = {
  llm: "mams-llm",
  backend: "mams-backend",
  frontend: "mams-frontend",
} as const;
export type TeamKey = keyof typeof TEAMS;

/** The GitHub organization whose teams review code; the team slugs are the same as in Sentry. */
export const GITHUB_ORG = "mams-dev";

type Rule =
  | {
      kind: "path";
      pattern: string;
      team: TeamKey;
      projects: ReadonlyArray<"frontend" | "backend">;
    }
  | {
      kind: "url" | "tags";
      pattern: string;
      team: TeamKey;
      projects: ReadonlyArray<"frontend" | "backend">;
    };

/** Later rules win in both Sentry and CODEOWNERS, so the most specific come last. */
export const OWNERSHIP_RULES: ReadonlyArray<Rule> = [
  { kind: "path", pattern: "app/**", team: "frontend", projects: ["frontend", "backend"] },
  { kind: "path", pattern: "components/**", team: "frontend", projects: ["frontend"] },
  { kind: "path", pattern: "lib/client/**", team: "frontend", projects: ["frontend"] },
  { kind: "path", pattern: "app/api/**", team: "backend", projects: ["backend"] },
  { kind: "path", pattern: "lib/runs/**", team: "backend", projects: ["backend"] },
  { kind: "path", pattern: "lib/db/**", team: "backend", projects: ["backend"] },
  { kind: "path", pattern: "lib/engine/**", team: "backend", projects: ["backend"] },
  { kind: "path", pattern: "lib/ai/**", team: "llm", projects: ["backend"] },
  { kind: "url", pattern: "*/api/*", team: "backend", projects: ["frontend", "backend"] },
  { kind: "tags", pattern: "error.code:LLM_*", team: "llm", projects: ["frontend", "backend"] },
];

/** Issues nobody matches go to everyone (fallthrough) and matched issues are assigned to their owner. */
export const OWNERSHIP_SETTINGS = {
  fallthrough: true,
  autoAssignment: "Auto Assign to Issue Owner",
} as const;

/** Sentry's ownership syntax: `path:lib/ai/** #mams-llm`, `url:*\/api/* #mams-backend`, `tags.error.code:LLM_* #mams-llm`. */
export function sentryOwnershipRaw(project: "frontend" | "backend"): string {
  return OWNERSHIP_RULES.filter((rule) => rule.projects.includes(project))
    .map((rule) => {
      const owner = `#${TEAMS[rule.team]}`;
      if (rule.kind === "tags") {
        const [key, value] = rule.pattern.split(":");
        return `tags.${key}:${value} ${owner}`;
      }
      return `${rule.kind}:${rule.pattern} ${owner}`;
    })
    .join("\n");
}

export const MANAGED_BEGIN =
  "# --- managed by lib/sentry-ops (npm run sentry:apply): edits between these lines are overwritten ---";
export const MANAGED_END = "# --- end of managed rules: rules below are yours and are kept ---";

/**
 * The project's ownership text with our rules in a marked block at the top and every hand-made rule
 * kept below it (later rules win in Sentry, so a hand-made rule can still override ours).
 */
export function mergeOwnershipRaw(current: string | null, managed: string): string {
  const lines = (current ?? "").split("\n");
  const begin = lines.indexOf(MANAGED_BEGIN);
  const end = lines.indexOf(MANAGED_END);
  const outside =
    begin !== -1 && end > begin ? [...lines.slice(0, begin), ...lines.slice(end + 1)] : lines;
  return [
    MANAGED_BEGIN,
    managed,
    MANAGED_END,
    ...outside.filter((line) => line.trim() !== ""),
  ].join("\n");
}

export const CODEOWNERS_PATH = ".github/CODEOWNERS";

/** CODEOWNERS: path rules only (GitHub knows no URLs or tags), anchored at the repository root. */
export function codeownersFile(): string {
  const lines = OWNERSHIP_RULES.filter((rule) => rule.kind === "path").map(
    (rule) => `/${rule.pattern} @${GITHUB_ORG}/${TEAMS[rule.team]}`,
  );
  return [
    "# Generated from lib/sentry-ops/ownership.ts by `npm run sentry:codeowners`. Do not edit by hand:",
    "# the same rules route Sentry issues (Settings → Ownership Rules), and a unit test keeps both in step.",
    `* @${GITHUB_ORG}/${TEAMS.backend}`,
    ...lines,
    "",
  ].join("\n");
}
