import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startDynamo, startS3, startSes } from '../../local/services';

/**
 * Starts the AWS stand-ins once for a whole test run, on free ports; every test file then makes
 * its own table (see stack.ts in this folder), so files never see each other's data.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

declare module 'vitest' {
  export interface ProvidedContext {
    services: { dynamo: string; s3: string; ses: string };
  }
}

export default async function setup(project: TestProject) {
  const s3Dir = mkdtempSync(path.join(os.tmpdir(), 'softech-s3-'));
  const dynamo = await startDynamo({ port: 0, dataDir: null });
  const s3 = await startS3({ port: 0, directory: s3Dir, buckets: ['softech-mail'] });
  const ses = await startSes({ port: 0 });
  project.provide('services', { dynamo: dynamo.endpoint, s3: s3.endpoint, ses: ses.endpoint });
  return async () => {
    await ses.stop();
    await s3.stop();
    await dynamo.stop();
    rmSync(s3Dir, { recursive: true, force: true });
  };
}
