import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { startLocalStack, type LocalStack, type LocalStackOptions } from '../../local/stack';

/** A full local stack (gateway, handlers, stream poller) on a fresh table of its own. */
export async function testStack(opts: Partial<LocalStackOptions> = {}): Promise<LocalStack> {
  return startLocalStack({
    port: 0,
    quiet: true,
    seed: true,
    services: inject('services'),
    tableName: `t-${randomBytes(6).toString('hex')}`,
    sweepIntervalMs: 3_600_000,
    ...opts,
  });
}
