import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
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
  { name: 'Deadline reminder sweep (issue 14)', file: 'reminders.ts' },
  { name: 'Search, queue and lists at scale (issue 15)', file: 'search.ts' },
];

/** Runs one bench in a child process, passing its log through, and returns its rows. */
function runIsolated(file: string): Promise<BenchRow[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'run-one.ts'), file], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
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
const resultsFile = path.join(here, 'results.md');
const measured = `Measured ${new Date().toISOString()} on ${process.platform}/${process.arch}, Node ${process.version}.`;
// `npm run bench -- <name>` re-measures that bench only: the other sections keep their last results.
const sections = new Map<string, string>(only.length > 0 ? previousSections() : []);
let failed = 0;
for (const bench of benches) {
  if (only.length > 0 && !only.some((o) => bench.file.startsWith(o))) continue;
  const file = path.join(here, bench.file);
  if (!existsSync(file)) {
    sections.set(bench.name, `not built yet (${bench.file} missing)`);
    continue;
  }
  console.log(`▶ ${bench.name}`);
  const started = performance.now();
  try {
    const rows = await runIsolated(file);
    failed += rows.filter((r) => r.pass === false).length;
    const table = markdownTable(rows);
    console.log(`${table}\n  (${((performance.now() - started) / 1000).toFixed(0)} s)\n`);
    sections.set(bench.name, `${measured}\n\n${table}`);
  } catch (err) {
    failed++;
    console.error(`  ${bench.name} failed:`, err);
    sections.set(bench.name, `${measured}\n\nFAILED: ${(err as Error).message}`);
  }
}
const ordered = benches.filter((b) => sections.has(b.name)).map((b) => `## ${b.name}\n\n${sections.get(b.name)}\n`);
writeFileSync(
  resultsFile,
  [`# Benchmarks\n\nEvery ratio is measured side by side within one run of its bench; each section says when.\n`, ...ordered].join('\n'),
);
console.log(`bench/results.md written; ${failed} figure(s) missed their target.`);

/** The sections of the results file as it is, by heading, so a partial run can keep them. */
function previousSections(): Array<[string, string]> {
  if (!existsSync(resultsFile)) return [];
  return readFileSync(resultsFile, 'utf8')
    .split(/^## /m)
    .slice(1)
    .map((part) => {
      const [heading = '', ...rest] = part.split('\n');
      return [heading.trim(), rest.join('\n').trim()];
    });
}
