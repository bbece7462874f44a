import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { bundleLazyModules, esbuildOptions, LAMBDA_NODE_OPTIONS } from '../lib/bundling';
import { handlerSpecs, repoRoot, type HandlerName } from '../lib/handlers';
import { fmt, type BenchRow } from './report';

/**
 * Handler bundles (issue 7): each handler bundled exactly as the stack bundles it (lib/bundling.ts),
 * its size, and the time a fresh Node process takes to import it, side by side with a bundle that
 * holds only the AWS SDK clients the handler uses (same options). Importing the handler is the
 * Lambda init phase of a cold start: it includes what runs at module load (configuration parsing,
 * the middy chain), not the first invocation (SDK clients and the object graph are built then, in
 * our handlers and the baseline alike). The ratio is what our code and its libraries add to it.
 * A lazy module (lib/bundling.ts LAZY_MODULES: the password estimator) is a file beside the bundle,
 * not in it, as in the stack; the first-use row of the client API imports it.
 * Work a handler defers to first use gets a row of its own (DEFERRED), so does inbound beside the
 * SDK clients plus mailparser, which it cannot do without (NECESSARY_LIBRARIES). The last row
 * measures the decision to bundle the SDK: the client API with `@aws-sdk/*` external (resolved
 * from node_modules, as the runtime's copy would be).
 *
 * Each variant is imported RUNS times, interleaved with its baseline, and the medians compared:
 * the machines we bench on are shared, and with 7 runs the same bundles' ratios differed by up to
 * 0.4 from one run of the bench to the next.
 */
const RUNS = 15;
const SIZE_TARGET_KB: Partial<Record<HandlerName, number>> = { clientApi: 400 };
const IMPORT_RATIO_TARGET = 1.25;
/**
 * Work a handler leaves out of its import and does on first use instead, so that requests which
 * never need it never pay for it. Not hidden: a further row times the import plus that first use
 * (the handler bundled with a call of the code that does the work).
 */
const DEFERRED: Partial<Record<HandlerName, { label: string; module: string; fn: string; args: string }>> = {
  clientApi: {
    label: 'first password check (the zxcvbn estimator, a file of its own beside the bundle, is imported then)',
    module: 'functions/core/accounts/password-rules.ts',
    fn: 'passwordProblem',
    args: "'modrý pták zpívá u řeky'",
  },
  admin: {
    label: 'first page showing a date (formatDateTime sets up Intl, i.e. ICU)',
    module: 'functions/admin/components.ts',
    fn: 'formatDateTime',
    args: "'2026-01-01T12:00:00Z'",
  },
};
/** Libraries a handler cannot do without, for the row that shows our share beside them. */
const NECESSARY_LIBRARIES: Partial<Record<HandlerName, { label: string; exports: string }>> = {
  inbound: { label: 'mailparser (iconv-lite, libmime, html-to-text, linkify-it)', exports: "export { MailParser } from 'mailparser';" },
};
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
  ORIGIN_VERIFY_SECRET_NAME: 'bench-origin-secret',
  AWS_REGION: 'eu-west-1',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  POWERTOOLS_LOG_LEVEL: 'ERROR',
};
const IMPORT_SCRIPT = 'const t = performance.now(); await import(process.argv[1]); process.stdout.write(String(performance.now() - t));';

function importMs(file: string): number {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', IMPORT_SCRIPT, pathToFileURL(file).href], {
    env: importEnv,
    cwd: outDir,
  });
  return Number(out.toString());
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

/**
 * Imports `ours` and `baseline` in turn, RUNS times (which goes first alternates), so a busy
 * machine slows both alike; the median time of each and their ratio.
 */
function importTimes(ours: string, baseline: string): { oursMs: number; baselineMs: number; ratio: number } {
  const oursMs: number[] = [];
  const baselineMs: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const first = run % 2 === 0;
    if (first) oursMs.push(importMs(ours));
    baselineMs.push(importMs(baseline));
    if (!first) oursMs.push(importMs(ours));
  }
  return { oursMs: median(oursMs), baselineMs: median(baselineMs), ratio: median(oursMs) / median(baselineMs) };
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
  return `${lines.join('\n')}\n`;
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
    const times = importTimes(path.join(outDir, `${slug}.mjs`), path.join(outDir, `${slug}-sdk.mjs`));

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
      ours: `${fmt(times.oursMs)} ms`,
      baseline: `${fmt(times.baselineMs)} ms (SDK clients only)`,
      ratio: `${fmt(times.ratio, 2)}×`,
      target: `≤ ${IMPORT_RATIO_TARGET}× (our code adds < 25 %)`,
      pass: times.ratio <= IMPORT_RATIO_TARGET,
    });

    const deferred = names.map((n) => DEFERRED[n]).find((d) => d !== undefined);
    if (deferred) {
      const firstUseEntry = path.join(outDir, `${slug}-first-use-entry.mjs`);
      writeFileSync(
        firstUseEntry,
        `${[
          `export * from ${JSON.stringify(path.join(repoRoot, entry))};`,
          `import { ${deferred.fn} } from ${JSON.stringify(path.join(repoRoot, deferred.module))};`,
          `await ${deferred.fn}(${deferred.args});`,
        ].join('\n')}\n`,
      );
      await bundle(firstUseEntry, path.join(outDir, `${slug}-first-use.mjs`));
      await bundleLazyModules(path.join(outDir, `${slug}-first-use.mjs`));
      const firstUse = importTimes(path.join(outDir, `${slug}-first-use.mjs`), path.join(outDir, `${slug}-sdk.mjs`));
      rows.push({
        figure: `${label}: import + ${deferred.label} (median of ${RUNS})`,
        ours: `${fmt(firstUse.oursMs)} ms`,
        baseline: `${fmt(firstUse.baselineMs)} ms (SDK clients only)`,
        ratio: `${fmt(firstUse.ratio, 2)}×`,
        target: '–',
        pass: null,
      });
    }

    const necessary = names.map((n) => NECESSARY_LIBRARIES[n]).find((l) => l !== undefined);
    if (necessary) {
      const libsEntry = path.join(outDir, `${slug}-sdk-libs-entry.mjs`);
      writeFileSync(libsEntry, `${(await sdkClientEntry(ours.metafile)) + necessary.exports}\n`);
      const libs = await bundle(libsEntry, path.join(outDir, `${slug}-sdk-libs.mjs`));
      const beside = importTimes(path.join(outDir, `${slug}.mjs`), path.join(outDir, `${slug}-sdk-libs.mjs`));
      rows.push({
        figure: `${label}: import time beside SDK clients + ${necessary.label} (median of ${RUNS})`,
        ours: `${fmt(beside.oursMs)} ms (${fmt(ours.kb)} KB)`,
        baseline: `${fmt(beside.baselineMs)} ms (${fmt(libs.kb)} KB)`,
        ratio: `${fmt(beside.ratio, 2)}×`,
        target: '–',
        pass: null,
      });
    }
  }

  // The SDK decision (lib/bundling.ts): bundled versus taken from node_modules at run time.
  const clientApi = path.join(repoRoot, handlerSpecs.clientApi.entry);
  if (existsSync(clientApi)) {
    const external = await bundle(clientApi, path.join(outDir, 'client-api-sdk-external.mjs'), ['@aws-sdk/*', '@smithy/*']);
    const times = importTimes(path.join(outDir, 'client-api.mjs'), path.join(outDir, 'client-api-sdk-external.mjs'));
    rows.push({
      figure: 'clientApi: import time, SDK bundled vs SDK from node_modules',
      ours: `${fmt(times.oursMs)} ms (${fmt(statSync(path.join(outDir, 'client-api.mjs')).size / 1024)} KB)`,
      baseline: `${fmt(times.baselineMs)} ms (${fmt(external.kb)} KB + SDK files)`,
      ratio: `${fmt(times.ratio, 2)}×`,
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
