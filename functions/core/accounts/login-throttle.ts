import { addressBlock } from './address-block';
import type { Clock, LoginThrottle } from '../ports';
import { Refusal } from '../refusal';

/**
 * Lockout rules: 5 failures for one account key in 15 minutes lock that key until the window ends;
 * 30 failures from one source address lock the address (an office behind NAT shares one); an IPv6
 * address counts by its /64 (see address-block.ts).
 * The same rules apply to keys that have no account, so lockout reveals nothing.
 */
export const LOCKOUT = { windowMs: 15 * 60 * 1000, perAccount: 5, perAddress: 30 } as const;

export class Lockout {
  constructor(private readonly deps: { throttle: LoginThrottle; clock: Clock }) {}

  private keys(account: string, sourceIp: string | undefined) {
    return [
      { key: `acct#${account}`, limit: LOCKOUT.perAccount },
      ...(sourceIp ? [{ key: `ip#${addressBlock(sourceIp)}`, limit: LOCKOUT.perAddress }] : []),
    ];
  }

  /** Throws 429 `locked` with Retry-After when any key is over its limit. */
  async assertOpen(account: string, sourceIp: string | undefined): Promise<void> {
    const now = this.deps.clock.now();
    const states = await Promise.all(
      this.keys(account, sourceIp).map(async ({ key, limit }) => ({ limit, state: await this.deps.throttle.get(key, now) })),
    );
    const lockedUntil = Math.max(
      0,
      ...states
        .filter(({ limit, state }) => state && state.failures >= limit && state.windowEndsAt > now.getTime())
        .map(({ state }) => state!.windowEndsAt),
    );
    if (lockedUntil > 0) {
      const retryAfterSeconds = Math.max(1, Math.ceil((lockedUntil - now.getTime()) / 1000));
      throw new Refusal('locked', undefined, { retryAfterSeconds });
    }
  }

  async recordFailure(account: string, sourceIp: string | undefined): Promise<void> {
    const now = this.deps.clock.now();
    await Promise.all(this.keys(account, sourceIp).map(({ key }) => this.deps.throttle.recordFailure(key, now, LOCKOUT.windowMs)));
  }

  async recordSuccess(account: string): Promise<void> {
    await this.deps.throttle.clear(`acct#${account}`);
  }
}
