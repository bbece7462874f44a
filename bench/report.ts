/** One row of bench/results.md: a figure measured side by side with its baseline in the same run. */
export interface BenchRow {
  figure: string;
  ours: string;
  baseline: string;
  ratio: string;
  target: string;
  pass: boolean | null; // null: informational, no target
}

export const fmt = (n: number, digits = 1) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export function markdownTable(rows: BenchRow[]): string {
  const head = '| figure | ours | baseline | ratio | target | pass |\n|---|---|---|---|---|---|';
  const body = rows.map(
    (r) =>
      `| ${r.figure} | ${r.ours} | ${r.baseline} | ${r.ratio} | ${r.target} | ${r.pass === null ? '–' : r.pass ? 'pass' : '**FAIL**'} |`,
  );
  return [head, ...body].join('\n');
}
