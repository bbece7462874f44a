/** Small helpers for tests that drive load: a bounded worker pool and bounded waiting. */

/** Runs `task` for every index 0…count-1 with at most `concurrency` in flight; results keep their index. */
export async function pool<T>(count: number, concurrency: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      results[i] = await task(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return results;
}

/** Resolves with the promise's value, or rejects naming `what` when it takes longer than `ms`. */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not done within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([promise, bound]);
  } finally {
    clearTimeout(timer);
  }
}

/** Polls `check` until it returns something other than undefined, at most `attempts` times. */
export async function pollUntil<T>(
  check: () => Promise<T | undefined>,
  opts: { attempts: number; intervalMs: number; what: string },
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const value = await check();
    if (value !== undefined) return value;
    if (attempt >= opts.attempts) throw new Error(`${opts.what}: still not so after ${opts.attempts} checks`);
    await new Promise((r) => setTimeout(r, opts.intervalMs));
  }
}

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
