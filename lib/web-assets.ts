import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './handlers';

export interface WebAssets {
  path: string;
  /** Set when the portal could not be built and a placeholder page is deployed instead. */
  warning?: string;
  cleanup(): Promise<void>;
}

/**
 * The portal files the stack deploys. When web/build.ts exists the portal is built afresh into a
 * temporary directory, so a deploy never ships a stale web/dist and never rewrites the web/dist a
 * running `npm start` serves. A failing build fails the synth (deploying a broken portal is worse).
 * Without the builder, an existing web/dist is used; without either, a placeholder page, with a
 * warning on the stack, so that synthesis works on any checkout.
 */
export async function prepareWebAssets(): Promise<WebAssets> {
  const builder = path.join(repoRoot, 'web', 'build.ts');
  if (existsSync(builder)) {
    const out = await mkdtemp(path.join(os.tmpdir(), 'softech-web-'));
    const { buildWeb } = (await import(pathToFileURL(builder).href)) as { buildWeb(outDir?: string): Promise<void> };
    await buildWeb(out);
    return { path: out, cleanup: () => rm(out, { recursive: true, force: true }) };
  }
  const dist = path.join(repoRoot, 'web', 'dist');
  if (existsSync(path.join(dist, 'index.html'))) return { path: dist, cleanup: async () => {} };
  return {
    path: path.join(repoRoot, 'lib', 'web-placeholder'),
    warning: 'web/build.ts and web/dist are both missing: a placeholder page is deployed instead of the portal',
    cleanup: async () => {},
  };
}
