/**
 * Builds the static portal into web/dist: one minified ES2020 bundle and one stylesheet, both with
 * content hashes in their names (so CloudFront/S3 can cache them for good), an index.html that
 * points at them, and the favicon. The local gateway calls buildWeb() when it starts, and several
 * test processes may do so at once while a browser is loading the portal, so files are replaced
 * atomically (write aside, rename) and an unchanged file is left alone instead of rewritten.
 */
import { build } from 'esbuild';
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const webDir = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.dirname(webDir);
const HASHED = /^(app|styles)-[A-Z0-9]+\.(js|css)$/;

export async function buildWeb(outDir = 'web/dist'): Promise<void> {
  const out = path.resolve(repoRoot, outDir);
  await mkdir(out, { recursive: true });
  const result = await build({
    entryPoints: { app: path.join(webDir, 'src/main.ts'), styles: path.join(webDir, 'src/styles.css') },
    outdir: out,
    entryNames: '[name]-[hash]',
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2020',
    platform: 'browser',
    legalComments: 'none',
    write: false,
    logLevel: 'warning',
  });
  const files = new Map<string, Uint8Array | string>(result.outputFiles.map((file) => [path.basename(file.path), file.contents]));
  const asset = (prefix: string, ext: string) => {
    const name = [...files.keys()].find((file) => file.startsWith(prefix) && file.endsWith(ext));
    if (!name) throw new Error(`web build produced no ${prefix}*${ext}`);
    return name;
  };
  const template = await readFile(path.join(webDir, 'index.html'), 'utf8');
  files.set('index.html', template.replace('__JS__', asset('app-', '.js')).replace('__CSS__', asset('styles-', '.css')));
  files.set('favicon.svg', await readFile(path.join(webDir, 'src/favicon.svg')));

  // Assets first, index.html last: a page loaded meanwhile never points at a missing file.
  const order = [...files.keys()].sort((a, b) => Number(a === 'index.html') - Number(b === 'index.html'));
  for (const name of order) await replaceIfChanged(path.join(out, name), files.get(name)!);
  for (const name of await readdir(out)) {
    if (HASHED.test(name) && !files.has(name)) await rm(path.join(out, name), { force: true });
  }
}

async function replaceIfChanged(file: string, contents: Uint8Array | string): Promise<void> {
  const next = typeof contents === 'string' ? Buffer.from(contents) : Buffer.from(contents);
  const current = await readFile(file).catch(() => undefined);
  if (current?.equals(next)) return;
  const aside = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(aside, next);
  await rename(aside, file);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await buildWeb(process.argv[2]);
}
