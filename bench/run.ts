import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { markdownTable, type BenchRow } from './report';

/**
 * `npm run bench`: every benchmark of the project, side by side in one run, into bench/results.md.
 * Each bench module exports run(): Promise<BenchRow[]>; a missing module is reported, not hidden.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';

const here = path.dirname(fileURLToPath(import.meta.url));
const benches = [
  { name: 'Ticket intake (issue 3)', file: 'tickets.ts' },
  { name: 'Inbound mail parsing (issue 4)', file: 'inbound.ts' },
  { name: 'Portal page weight and Lighthouse (issue 5)', file: 'portal.ts' },
  { name: 'Handler bundles and import time (issue 7)', file: 'bundles.ts' },
];

/** Runs one bench in a child process, passing its log through, and returns its rows. */
function runIsolated(file: string): Promise<BenchRow[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'run-one.ts'), file], { stdio: ['ignore', 'pipe', 'inherit'] });
    let rows: BenchRow[] | undefined;
    let pending = '';
    child.stdout.on('data', (chunk: Buffer) => {
      const lines = (pending + chunk.toString()).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith('BENCH-ROWS ')) rows = JSON.parse(line.slice('BENCH-ROWS '.length)) as BenchRow[];
        else console.log(line);
      }
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (pending.startsWith('BENCH-ROWS ')) rows = JSON.parse(pending.slice('BENCH-ROWS '.length)) as BenchRow[];
      if (code === 0 && rows) resolve(rows);
      else reject(new Error(`bench process exited with code ${code}`));
    });
  });
}

const only = process.argv.slice(2);
const sections: string[] = [`# Benchmarks\n\nMeasured ${new Date().toISOString()} on ${process.platform}/${process.arch}, Node ${process.version}; every ratio is measured side by side in this one run.\n`];
let failed = 0;
for (const bench of benches) {
  if (only.length > 0 && !only.some((o) => bench.file.startsWith(o))) continue;
  const file = path.join(here, bench.file);
  if (!existsSync(file)) {
    sections.push(`## ${bench.name}\n\nnot built yet (${bench.file} missing)\n`);
    continue;
  }
  console.log(`▶ ${bench.name}`);
  const started = performance.now();
  try {
    const rows = await runIsolated(file);
    failed += rows.filter((r) => r.pass === false).length;
    const table = markdownTable(rows);
    console.log(table + `\n  (${((performance.now() - started) / 1000).toFixed(0)} s)\n`);
    sections.push(`## ${bench.name}\n\n${table}\n`);
  } catch (err) {
    failed++;
    console.error(`  ${bench.name} failed:`, err);
    sections.push(`## ${bench.name}\n\nFAILED: ${(err as Error).message}\n`);
  }
}
writeFileSync(path.join(here, 'results.md'), sections.join('\n'));
console.log(`bench/results.md written; ${failed} figure(s) missed their target.`);
