import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";

/** WCAG 2.0 and 2.1, levels A and AA: the bar every page must clear, in light and dark. */
export const WCAG_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

export type AxeFinding = { rule: string; impact: string; target: string; detail: string };

type ContrastData = {
  fgColor?: string;
  bgColor?: string;
  contrastRatio?: number;
  expectedContrastRatio?: string;
  fontSize?: string;
  fontWeight?: string;
};

/** Runs axe on the page as it stands and flattens every violating node into one readable line. */
export async function axeFindings(page: Page): Promise<AxeFinding[]> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_AA_TAGS).analyze();
  return results.violations.flatMap((violation) =>
    violation.nodes.map((node) => {
      const contrast = node.any.find((check) => check.id === "color-contrast")?.data as
        | ContrastData
        | undefined;
      const detail = contrast?.contrastRatio
        ? `${contrast.fgColor} on ${contrast.bgColor} = ${contrast.contrastRatio}:1, needs ${contrast.expectedContrastRatio} (${contrast.fontSize} ${contrast.fontWeight})`
        : (node.failureSummary?.replace(/\s+/g, " ").trim() ?? violation.help);
      return {
        rule: violation.id,
        impact: node.impact ?? violation.impact ?? "unknown",
        target: node.target.join(" "),
        detail,
      };
    }),
  );
}

export function formatFindings(where: string, findings: AxeFinding[]): string {
  if (!findings.length) return `${where}: no violations`;
  const lines = findings.map((f) => `  [${f.impact}] ${f.rule} ${f.target}: ${f.detail}`);
  return `${where}: ${findings.length} violating node(s)\n${lines.join("\n")}`;
}
