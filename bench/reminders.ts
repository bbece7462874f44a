import { startDynamo } from '../local/services';
import { seedDueTable } from '../test/support/due-seed';
import { fmt, type BenchRow } from './report';

/**
 * Issue 14 bench: the deadline reminder sweep on a table of 100,000 tickets (10,000 open, 10 of
 * them due) against the same on 1,000 tickets (100 open, 10 due), both seeded straight into one
 * DynamoDB Local. The sweep reads from the index of reminders by time, so the items read should be
 * the same and the time too. Sweeps of the two alternate over several rounds (the machine is noisy;
 * medians are compared); before each, the 10 due reminders are written again as seeded, since a
 * sweep moves them on.
 */
const ROUNDS = 9;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function run(log: (m: string) => void = console.log): Promise<BenchRow[]> {
  // One DynamoDB Local per table: in one process the table made last answers this sweep 3–10× slower
  // than one made before it, whatever their sizes (measured: two 1,000-ticket tables and one of
  // 20,000, the last one slow), which would measure the order of seeding, not the sweep.
  const dynamos = await Promise.all([startDynamo({ port: 0, dataDir: null }), startDynamo({ port: 0, dataDir: null })]);
  const now = new Date();
  try {
    log('seeding 100,000 tickets (10,000 open, 10 due) and 1,000 tickets (100 open, 10 due)');
    const big = await seedDueTable(dynamos[0].endpoint, { table: 'bench-due-100k', total: 100_000, open: 10_000, due: 10, now, log });
    const small = await seedDueTable(dynamos[1].endpoint, { table: 'bench-due-1k', total: 1_000, open: 100, due: 10, now });
    const measured = { big: { ms: [] as number[], reads: [] as number[] }, small: { ms: [] as number[], reads: [] as number[] } };
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, seed] of (round % 2
        ? [
            ['small', small],
            ['big', big],
          ]
        : [
            ['big', big],
            ['small', small],
          ]) as Array<['big' | 'small', typeof big]>) {
        await seed.rearm();
        const swept = await seed.sweep(now);
        if (swept.run.reminded !== 10 || swept.reads.scans > 0) throw new Error(`${name}: ${JSON.stringify(swept.run)}`);
        measured[name].ms.push(swept.ms);
        measured[name].reads.push(swept.reads.total);
      }
    }
    big.destroy();
    small.destroy();
    const ms = { big: median(measured.big.ms), small: median(measured.small.ms) };
    const reads = { big: median(measured.big.reads), small: median(measured.small.reads) };
    log(`reminder sweep: ${JSON.stringify({ ms: measured, medians: ms, reads })}`);
    return [
      {
        figure: 'reminder sweep, items read: 100,000 tickets (10,000 open, 10 due) / 1,000 tickets (100 open, 10 due)',
        ours: `${reads.big}`,
        baseline: `${reads.small}`,
        ratio: fmt(reads.big / reads.small, 2),
        target: '≤ 1.2',
        pass: reads.big / reads.small <= 1.2,
      },
      {
        figure: `reminder sweep, time (median of ${ROUNDS}, alternating): 100,000 tickets / 1,000 tickets`,
        ours: `${fmt(ms.big)} ms`,
        baseline: `${fmt(ms.small)} ms`,
        ratio: fmt(ms.big / ms.small, 2),
        target: '≤ 1.2',
        pass: ms.big / ms.small <= 1.2,
      },
    ];
  } finally {
    await Promise.all(dynamos.map((d) => d.stop()));
  }
}
