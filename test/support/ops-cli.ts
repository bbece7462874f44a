import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { LocalStack } from '../../local/stack';

const run = promisify(execFile);
const repoRoot = path.resolve(import.meta.dirname, '../..');

/**
 * The real administrators' CLI (`npm run ops -- …`, bin/ops.ts) against a test stack's table, as an
 * administrator runs it: a child process, JSON on stdout. Rejects with the CLI's stderr on a non-zero exit.
 */
export async function runOpsCli<T = Record<string, unknown>>(stack: LocalStack, args: string[]): Promise<T> {
  return (await opsCli<T>(stack, args)).output;
}

/** The CLI's JSON output with what it said on stderr (hints for the administrator). */
export async function opsCli<T = Record<string, unknown>>(stack: LocalStack, args: string[]): Promise<{ output: T; stderr: string }> {
  const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'bin/ops.ts', ...args], {
    cwd: repoRoot,
    env: {
      ...process.env,
      DYNAMODB_PORT: new URL(stack.env.AWS_ENDPOINT_DYNAMODB!).port,
      TABLE_NAME: stack.tableName,
      SEARCH_TABLE_NAME: stack.env.SEARCH_TABLE_NAME!,
    },
  });
  return { output: JSON.parse(stdout) as T, stderr };
}

/** The CLI's exit code and stderr for arguments it must refuse. */
export async function opsCliRefusal(stack: LocalStack, args: string[]): Promise<{ code: number; stderr: string }> {
  try {
    await runOpsCli(stack, args);
  } catch (err) {
    const failed = err as { code?: number; stderr?: string };
    return { code: failed.code ?? -1, stderr: failed.stderr ?? '' };
  }
  throw new Error(`ops ${args.join(' ')} was expected to fail`);
}
