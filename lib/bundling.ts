import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Charset, LogLevel, OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { BuildOptions } from 'esbuild';
import { repoRoot } from './handlers';

/**
 * Modules a handler imports only on first use, each shipped as a file of its own beside the
 * handler's bundle instead of inside it. esbuild splits code only into an output directory and
 * NodejsFunction bundles into one file, so the module is external to the bundle (which keeps
 * `import('./<file>')`) and bundled next to it with the same options, by `bundleLazyModules`,
 * for every bundle that imports it. The password estimator (zxcvbn-ts and its Czech and English
 * dictionaries, ≈ 2 MB; functions/core/accounts/password-rules.ts) inside the client API's bundle made each
 * of its cold starts about 22 ms (25 %) slower, though few requests check a password.
 */
export const LAZY_MODULES = [{ entry: 'functions/core/accounts/password-estimator.mts', file: 'password-estimator.mjs' }] as const;

/**
 * How every handler is bundled, declared once: `NodejsFunction` (lib/constructs/support-function.ts)
 * and the bundle bench (bench/bundles.ts) both derive their esbuild settings from `BUNDLE` below,
 * so the bench measures what Lambda runs.
 *
 * The AWS SDK v3 is bundled, not taken from the Lambda runtime. bench/bundles.ts measures both
 * (its last row): importing the client-api bundle with the SDK inside took 0.3–0.6× the time of the
 * same handler with `@aws-sdk/*` and `@smithy/*` left external and resolved from node_modules, as
 * the runtime's own copy would be (175 ms against 420 ms when the 2-core machine was quiet; Node 20):
 * resolving and compiling hundreds of small CommonJS files costs more than parsing one minified
 * ESM file. Bundling also pins the SDK version the tests ran with. The price is artifact size
 * (~600 KB of SDK per function), which matters at run time only through that same parse time.
 */
const BUNDLE = {
  target: 'node22', // the Lambda runtime, nodejs22.x
  minify: true,
  /**
   * Non-ASCII text stays UTF-8 instead of \uXXXX escapes: the charset tables mail decoding needs
   * (iconv-lite) and our Czech strings shrink the bundle by ~13 %; Node reads source as UTF-8.
   */
  charset: Charset.UTF8,
  /**
   * Source maps without sources (positions only): stack traces in CloudWatch point at our .ts
   * lines and the map stays small. Node applies them only with --enable-source-maps.
   */
  sourceMap: true,
  sourcesContent: false,
  /** Prefer ES module builds over CommonJS: the SDK's ESM builds tree-shake ~25 % smaller. */
  mainFields: ['module', 'main'],
  /**
   * ESM output (top-level await, tree shaking), but some dependencies (nodemailer, mailparser) are
   * CommonJS and `require()` Node built-ins; esbuild's ESM output has no `require`, the banner adds one.
   */
  banner: "import { createRequire as __bundleCreateRequire } from 'node:module'; const require = __bundleCreateRequire(import.meta.url);",
  /** Nothing external but the lazy modules beside the bundle: the AWS SDK is bundled (see above). */
  external: LAZY_MODULES.map((m) => `./${m.file}`),
} as const;

const localRequire = createRequire(import.meta.url);
const shellQuote = (arg: string) => `'${arg.replace(/'/g, "'\\''")}'`;

/** Lambda's NODE_OPTIONS: apply the source maps (the bench imports with the same flag). */
export const LAMBDA_NODE_OPTIONS = '--enable-source-maps';

/** Options for `NodejsFunction` (esbuild run locally by CDK; no Docker). */
export const lambdaBundling: BundlingOptions = {
  format: OutputFormat.ESM,
  target: BUNDLE.target,
  minify: BUNDLE.minify,
  // The `charset` prop is accepted but not passed to esbuild by aws-cdk-lib 2.276's local bundling
  // (the byte-for-byte test in test/cdk caught it), so the flag goes in directly.
  esbuildArgs: { '--charset': BUNDLE.charset },
  sourceMap: BUNDLE.sourceMap,
  sourcesContent: BUNDLE.sourcesContent,
  mainFields: [...BUNDLE.mainFields],
  banner: BUNDLE.banner,
  externalModules: [...BUNDLE.external],
  logLevel: LogLevel.WARNING,
  commandHooks: {
    beforeBundling: () => [],
    beforeInstall: () => [],
    // Runs in the CDK app's Node with tsx, the same esbuild options as the handler (bundleLazyModules).
    afterBundling: (_inputDir, outputDir) => [
      [process.execPath, localRequire.resolve('tsx/cli'), path.join(repoRoot, 'lib', 'bundle-lazy.ts'), path.join(outputDir, 'index.mjs')]
        .map(shellQuote)
        .join(' '),
    ],
  },
};

/**
 * Bundles, beside `bundleFile`, each lazy module its code imports (`"./<file>"` in the bundle), with
 * the options of every handler; returns the files written.
 */
export async function bundleLazyModules(bundleFile: string): Promise<string[]> {
  const code = readFileSync(bundleFile, 'utf8');
  const { build } = await import('esbuild');
  const written: string[] = [];
  for (const m of LAZY_MODULES.filter((lazy) => code.includes(`"./${lazy.file}"`))) {
    const outfile = path.join(path.dirname(bundleFile), m.file);
    await build(esbuildOptions(path.join(repoRoot, m.entry), outfile));
    written.push(outfile);
  }
  return written;
}

/** The same bundle through esbuild's JS API: the flags NodejsFunction passes to the esbuild CLI. */
export function esbuildOptions(entry: string, outfile: string): BuildOptions {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: BUNDLE.target,
    minify: BUNDLE.minify,
    charset: BUNDLE.charset === Charset.UTF8 ? 'utf8' : 'ascii',
    sourcemap: BUNDLE.sourceMap,
    sourcesContent: BUNDLE.sourcesContent,
    mainFields: [...BUNDLE.mainFields],
    banner: { js: BUNDLE.banner },
    external: [...BUNDLE.external],
    logLevel: 'warning',
    metafile: true,
  };
}
