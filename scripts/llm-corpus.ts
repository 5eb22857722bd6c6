import { scoreCorpus } from "../tests/unit/support/score-answers";

/**
 * Prints how well the tolerant parser reads the corpus of model answers
 * (tests/unit/support/model-answers.ts): the parse rate of usable answers per model family, and
 * every miss or wrong reading. Exit code 1 when any answer yields a wrong price or decision.
 */
const result = scoreCorpus();
const families = [...new Set(result.scored.map((s) => s.family))];
console.log(
  `Model-answer corpus: ${result.total} answers (${result.usable} usable, ${result.total - result.usable} that must be refused)`,
);
for (const family of families) {
  const rows = result.scored.filter((s) => s.family === family);
  const usable = rows.filter((s) => !("reject" in s.expect));
  const read = usable.filter((s) => s.verdict === "correct").length;
  console.log(
    `  ${family.padEnd(12)} ${String(rows.length).padStart(3)} answers  parse rate ${usable.length ? ((100 * read) / usable.length).toFixed(0).padStart(3) : "  -"}%  wrong ${rows.filter((s) => s.verdict === "wrong").length}`,
  );
}
for (const s of result.scored.filter((row) => row.verdict !== "correct")) {
  console.log(
    `  ${s.verdict.toUpperCase()}: [${s.family} / ${s.style}] expected ${JSON.stringify(s.expect)}, got ${JSON.stringify(s.got)}`,
  );
}
console.log(
  `Parse rate: ${(100 * result.parseRate).toFixed(1)}% of usable answers; correct ${result.correct}/${result.total}; missed ${result.missed}; wrong ${result.wrong}`,
);
if (result.wrong > 0) process.exitCode = 1;
