import { describe, expect, it } from 'vitest';
import { Lockout, LOCKOUT } from '../../functions/core/accounts/login-throttle';
import type { HttpError } from '../../functions/http/errors';
import { clientRefusal } from '../../functions/http/refusals';
import { ManualClock, MemoryThrottle } from '../support/memory-ports';

const lockedError = async (p: Promise<unknown>) => {
  try {
    await p;
    return undefined;
  } catch (err) {
    // the core refuses with a code; the client API's table makes it an HTTP answer
    return clientRefusal(err) as HttpError;
  }
};

describe('login lockout', () => {
  it('locks an account key after 5 failures within 15 minutes and opens it when the window ends', async () => {
    const clock = new ManualClock();
    const lockout = new Lockout({ throttle: new MemoryThrottle(), clock });
    for (let i = 0; i < LOCKOUT.perAccount - 1; i++) await lockout.recordFailure('27082440', '10.0.0.1');
    expect(await lockedError(lockout.assertOpen('27082440', '10.0.0.1'))).toBeUndefined();
    await lockout.recordFailure('27082440', '10.0.0.1');
    clock.advance(60_000);
    const err = await lockedError(lockout.assertOpen('27082440', '10.0.0.2'));
    expect(err).toMatchObject({ status: 429, code: 'locked', headers: { 'Retry-After': String(14 * 60) } });
    clock.advance(14 * 60_000);
    expect(await lockedError(lockout.assertOpen('27082440', '10.0.0.1'))).toBeUndefined();
  });

  it('locks a source address after 30 failures across many IČOs', async () => {
    const lockout = new Lockout({ throttle: new MemoryThrottle(), clock: new ManualClock() });
    for (let i = 0; i < LOCKOUT.perAddress; i++) await lockout.recordFailure(`ico-${i}`, '192.0.2.7');
    expect((await lockedError(lockout.assertOpen('another', '192.0.2.7')))?.status).toBe(429);
    expect(await lockedError(lockout.assertOpen('another', '192.0.2.8'))).toBeUndefined();
  });

  it("forgets the account's failures after a successful login", async () => {
    const lockout = new Lockout({ throttle: new MemoryThrottle(), clock: new ManualClock() });
    for (let i = 0; i < 4; i++) await lockout.recordFailure('27082440', undefined);
    await lockout.recordSuccess('27082440');
    for (let i = 0; i < 4; i++) await lockout.recordFailure('27082440', undefined);
    expect(await lockedError(lockout.assertOpen('27082440', undefined))).toBeUndefined();
  });
});
