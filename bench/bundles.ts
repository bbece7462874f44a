import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { esbuildOptions, LAMBDA_NODE_OPTIONS } from '../lib/bundling';
import { handlerSpecs, repoRoot, type HandlerName } from '../lib/handlers';
import { fmt, type BenchRow } from './report';

/**
 * Handler bundles (issue 7): each handler bundled exactly as the stack bundles it (lib/bundling.ts),
 * its size, and the time a fresh Node process takes to import it, side by side with a bundle that
 * holds only the AWS SDK clients the handler uses (same options). The ratio is what our code and
 * its libraries add to a cold start. One more row measures the decision to bundle the SDK: the
 * client API with `@aws-sdk/*` external (resolved from node_modules, as the runtime's copy would be).
 */
const RUNS = 7;
const SIZE_TARGET_KB: Partial<Record<HandlerName, number>> = { clientApi: 400 };
const IMPORT_RATIO_TARGET = 1.25;
const outDir = path.join(repoRoot, 'bench', 'out', 'bundles');

/** What config.ts needs at import time; nothing is called, so the values only have to parse. */
const importEnv = {
  ...process.env,
  NODE_OPTIONS: LAMBDA_NODE_OPTIONS,
  STAGE: 'aws',
  TABLE_NAME: 'bench-table',
  MAIL_BUCKET: 'bench-bucket',
  MAIL_DOMAIN: 'podpora.example.cz',
  MAIL_FROM_ADDRESS: 'podpora@podpora.example.cz',
  MAIL_FROM_NAME: 'Softech Podpora',
  PORTAL_URL: 'https://podpora.example.cz/',
  ALLOWED_ORIGINS: 'https://podpora.example.cz',
  REPLY_TOKEN_SECRET_PARAMETER: '/bench/reply-token-secret',
  AWS_REGION: 'eu-west-1',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  POWERTOOLS_LOG_LEVEL: 'ERROR',
};
const IMPORT_SCRIPT = 'const t = performance.now(); await import(process.argv[1]); process.stdout.write(String(performance.now() - t));';

function importMs(file: string): number {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', IMPORT_SCRIPT, pathToFileURL(file).href], { env: importEnv, cwd: outDir });
  return Number(out.toString());
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

/** Runs the imports interleaved, so a busy machine slows every variant alike. */
function importTimes(files: string[]): number[] {
  const samples = files.map(() => [] as number[]);
  for (let run = 0; run < RUNS; run++) files.forEach((file, i) => samples[i]!.push(importMs(file)));
  return samples.map(median);
}

async function bundle(entry: string, outfile: string, external: string[] = []): Promise<{ kb: number; metafile: Metafile }> {
  const options = esbuildOptions(entry, outfile);
  const result = await build({ ...options, external: [...(options.external ?? []), ...external] });
  return { kb: statSync(outfile).size / 1024, metafile: result.metafile! };
}

/** The AWS SDK client classes in a bundle: every `*Client` export of each @aws-sdk client/lib package it contains. */
async function sdkClientEntry(metafile: Metafile): Promise<string> {
  const packages = new Set<string>();
  for (const input of Object.keys(metafile.inputs)) {
    const match = /node_modules\/(@aws-sdk\/(?:client|lib)-[^/]+)\//.exec(input);
    if (match) packages.add(match[1]!);
  }
  const lines: string[] = [];
  for (const pkg of [...packages].sort()) {
    const mod = (await import(pkg)) as Record<string, unknown>;
    const clients = Object.keys(mod).filter((name) => /^[A-Z]\w*Client$/.test(name) && typeof mod[name] === 'function');
    if (clients.length > 0) lines.push(`export { ${clients.join(', ')} } from '${pkg}';`);
  }
  return lines.join('\n') + '\n';
}

export async function run(log: (message: string) => void = console.log): Promise<BenchRow[]> {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const rows: BenchRow[] = [];

  // Handlers sharing an entry file (mailer, mailerSweep) share one bundle.
  const entries = new Map<string, HandlerName[]>();
  for (const [name, spec] of Object.entries(handlerSpecs) as [HandlerName, (typeof handlerSpecs)[HandlerName]][]) {
    if (!existsSync(path.join(repoRoot, spec.entry))) {
      log(`  ${name}: ${spec.entry} not written yet, skipped`);
      continue;
    }
    entries.set(spec.entry, [...(entries.get(spec.entry) ?? []), name]);
  }

  for (const [entry, names] of entries) {
    const label = names.join(' + ');
    const slug = path.basename(entry, '.ts');
    const ours = await bundle(path.join(repoRoot, entry), path.join(outDir, `${slug}.mjs`));
    const sdkEntry = path.join(outDir, `${slug}-sdk-entry.mjs`);
    writeFileSync(sdkEntry, await sdkClientEntry(ours.metafile));
    const sdk = await bundle(sdkEntry, path.join(outDir, `${slug}-sdk.mjs`));
    log(`  ${label}: ${fmt(ours.kb)} KB (SDK clients alone ${fmt(sdk.kb)} KB); timing imports…`);
    const [oursMs, sdkMs] = importTimes([path.join(outDir, `${slug}.mjs`), path.join(outDir, `${slug}-sdk.mjs`)]) as [number, number];

    const sizeTarget = names.map((n) => SIZE_TARGET_KB[n]).find((t) => t !== undefined);
    rows.push({
      figure: `${label}: bundle size (minified)`,
      ours: `${fmt(ours.kb)} KB`,
      baseline: `${fmt(sdk.kb)} KB (SDK clients only)`,
      ratio: `${fmt(ours.kb / sdk.kb, 2)}×`,
      target: sizeTarget ? `< ${sizeTarget} KB` : '–',
      pass: sizeTarget ? ours.kb < sizeTarget : null,
    });
    rows.push({
      figure: `${label}: import time, fresh process (median of ${RUNS})`,
      ours: `${fmt(oursMs)} ms`,
      baseline: `${fmt(sdkMs)} ms (SDK clients only)`,
      ratio: `${fmt(oursMs / sdkMs, 2)}×`,
      target: `≤ ${IMPORT_RATIO_TARGET}× (our code adds < 25 %)`,
      pass: oursMs / sdkMs <= IMPORT_RATIO_TARGET,
    });
  }

  // The SDK decision (lib/bundling.ts): bundled versus taken from node_modules at run time.
  const clientApi = path.join(repoRoot, handlerSpecs.clientApi.entry);
  if (existsSync(clientApi)) {
    const external = await bundle(clientApi, path.join(outDir, 'client-api-sdk-external.mjs'), ['@aws-sdk/*', '@smithy/*']);
    const [bundledMs, externalMs] = importTimes([path.join(outDir, 'client-api.mjs'), path.join(outDir, 'client-api-sdk-external.mjs')]) as [number, number];
    rows.push({
      figure: 'clientApi: import time, SDK bundled vs SDK from node_modules',
      ours: `${fmt(bundledMs)} ms (${fmt(statSync(path.join(outDir, 'client-api.mjs')).size / 1024)} KB)`,
      baseline: `${fmt(externalMs)} ms (${fmt(external.kb)} KB + SDK files)`,
      ratio: `${fmt(bundledMs / externalMs, 2)}×`,
      target: '–',
      pass: null,
    });
  }
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { markdownTable } = await import('./report');
  console.log(markdownTable(await run()));
}
