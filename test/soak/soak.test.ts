import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replyAddress } from '../../functions/core/mail-out/reply-token';
import type { LocalStack } from '../../local/stack';
import { ApiClient, sampleTicket, type ApiResponse } from '../support/api-client';
import { median, pool, within } from '../support/load';
import { bytes, sendMail } from '../support/mail';
import { createTestClient, testStack, validIco } from '../support/stack';

/**
 * A soak: mixed traffic from a few virtual users against the whole local stack (gateway, handlers,
 * stream poller + mailer, SMTP stand-in + inbound), all on loopback, for SOAK_SECONDS (600 by default:
 * ten minutes; `npm run test:soak`, which .ci/run runs after `npm test`). The stack runs in this process, so this process's RSS and active
 * handles are the stack's; they are sampled every 5 s and must be steady after the warm-up.
 *
 * Thresholds, and why:
 * - RSS: median of the last third ≤ 1.25 × median of the second third (the first third is warm-up:
 *   JIT, connection pools, V8 growing its heap to its working size). V8's RSS moves in steps of
 *   several MB with GC timing and heap-space growth, ±10–15 % between samples on an idle-to-busy
 *   swing; 25 % is above that noise yet catches a leak of the size that matters here: with the stack
 *   at ~200 MB RSS and ~40 requests/s (measured on 2 cores), a third of a 10-minute soak is ~8,000
 *   requests, so 25 % means ~6 KB kept per request (one retained event, response or parsed mail per
 *   request would show). Smaller leaks need a longer soak; a 60 s run only catches gross ones.
 * - Handles: median of the last third ≤ median of the second third + 20. Active handles are mostly
 *   keep-alive sockets (to the gateway, DynamoDB, S3, SES) and timers, which follow the concurrency of
 *   8 virtual users, not the request count; 20 is above that swing while a leak of one socket or
 *   timer per request or per mail would add hundreds.
 * Medians, not maxima: a single sample taken mid-GC or mid-burst must not decide the result.
 */
// Ten minutes unless SOAK_SECONDS says otherwise (e.g. SOAK_SECONDS=120 for a quick look).
const SOAK_SECONDS = Number(process.env.SOAK_SECONDS ?? 600);
const VIRTUAL_USERS = 8;
const SAMPLE_MS = 5_000;
const RSS_GROWTH = 1.25;
const HANDLE_GROWTH = 20;
const PASSWORD = 'heslo-pro-soak-2026';

if (!Number.isFinite(SOAK_SECONDS) || SOAK_SECONDS < 30) {
  throw new Error(`SOAK_SECONDS must be a number of seconds ≥ 30 (enough for 6 samples), got ${process.env.SOAK_SECONDS}`);
}

interface Sample {
  at: number;
  rss: number;
  handles: number;
}

interface Created {
  number: number;
  owner: number;
  subject: string;
  key: string;
  replies: number;
}

const run = randomBytes(3).toString('hex');
let stack: LocalStack;
const icos = Array.from({ length: VIRTUAL_USERS }, (_, u) => validIco(7200000 + u));
/** Replies are sent from each ticket's contact address, so the inbound sender check lets them in. */
const contactOf = (owner: number) => `soak${owner}@firma-${run}.cz`;

const statuses: Record<string, number> = {};
/** Answers other than the expected one: the first 100 kept for the report, all counted. */
const unexpected: Array<{ what: string; status: number | string; code?: string }> = [];
let unexpectedCount = 0;
const created: Created[] = [];
const samples: Sample[] = [];

/** A small deterministic PRNG per virtual user (so a failing mix can be replayed). */
function prng(seed: number) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 0x1_0000_0000;
  };
}

function record(what: string, res: ApiResponse | { status: number | string }, expected: Array<number | string>) {
  statuses[res.status] = (statuses[res.status] ?? 0) + 1;
  if (!expected.includes(res.status) && ++unexpectedCount <= 100) {
    unexpected.push({ what, status: res.status, ...('body' in res && res.body?.error?.code && { code: res.body.error.code }) });
  }
}

async function login(u: number): Promise<ApiClient> {
  const client = new ApiClient(stack.portalUrl);
  record('login', await client.login(icos[u]!, PASSWORD), [200]);
  return client;
}

/** One virtual user: a person clicking through the portal and answering mail, with think time between steps. */
async function virtualUser(u: number, deadline: number) {
  const random = prng(u + 1);
  const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)];
  let client = await login(u);
  let n = 0;
  while (Date.now() < deadline) {
    const mine = created.filter((c) => c.owner === u);
    const roll = random();
    if (roll < 0.04) {
      client = await login(u);
    } else if (roll < 0.2) {
      const subject = `Soak ${run} u${u} #${n++}`;
      const key = `soak-${run}-${u}-${n}`;
      const res = await client.post('/api/tickets', sampleTicket({ subject, contactEmail: contactOf(u) }), { 'idempotency-key': key });
      record('submit', res, [201]);
      if (res.status === 201) created.push({ number: res.body.number, owner: u, subject, key, replies: 0 });
    } else if (roll < 0.23 && mine.length > 0) {
      const again = pick(mine)!;
      const res = await client.post('/api/tickets', sampleTicket({ subject: again.subject, contactEmail: contactOf(u) }), {
        'idempotency-key': again.key,
      });
      record('resubmit', res, [200]);
      if (res.status === 200 && res.body.number !== again.number && ++unexpectedCount <= 100)
        unexpected.push({ what: 'resubmit gave another number', status: res.status });
    } else if (roll < 0.55) {
      record('list', await client.get('/api/tickets'), [200]);
    } else if (roll < 0.8 && mine.length > 0) {
      record('detail', await client.get(`/api/tickets/${pick(mine)!.number}`), [200]);
    } else if (roll < 0.92 && mine.length > 0) {
      const target = pick(mine)!;
      const to = replyAddress(stack.env.REPLY_TOKEN_SECRET!, target.number, stack.env.MAIL_DOMAIN!);
      try {
        await sendMail(stack.smtpPort, {
          from: contactOf(u),
          to,
          subject: `Re: [Softech #${target.number}] ${target.subject}`,
          text: `Doplnění ${target.replies + 1}.`,
          attachments: [
            {
              filename: `foto-${target.replies + 1}.png`,
              content: bytes(2_000 + Math.floor(random() * 8_000), n + 1),
              contentType: 'image/png',
            },
          ],
        });
        target.replies++;
        record('reply', { status: 'smtp-250' }, ['smtp-250']);
      } catch (err) {
        record('reply', { status: `smtp-error: ${(err as Error).message.slice(0, 80)}` }, ['smtp-250']);
      }
    } else {
      await badRequest(client, random);
    }
    // Think time: a person between clicks; it also keeps two cores from saturating, where queueing
    // latency rather than leaks would shape the samples.
    await new Promise((r) => setTimeout(r, 50 + random() * 200));
  }
}

async function badRequest(client: ApiClient, random: () => number) {
  const which = Math.floor(random() * 5);
  if (which === 0)
    record('bad json', await client.request('POST', '/api/tickets', '{"subject": ', { 'content-type': 'application/json' }), [400]);
  else if (which === 1) record('bad key', await client.post('/api/tickets', sampleTicket(), { 'idempotency-key': 'krátký' }), [400]);
  else if (which === 2) record('no such ticket', await client.get('/api/tickets/999999999'), [404]);
  else if (which === 3) record('no session', await new ApiClient(stack.portalUrl).get('/api/tickets'), [401]);
  else record('malformed ico', await new ApiClient(stack.portalUrl).login('1234', 'x'), [400]);
}

beforeAll(async () => {
  stack = await testStack();
  for (const ico of icos) await createTestClient(ico, PASSWORD);
});
afterAll(() => stack?.stop());

describe(`a ${SOAK_SECONDS} s soak of mixed traffic`, () => {
  it(
    'serves logins, submissions, reads, replies and bad requests with no 5xx, steady RSS and handles, every ticket readable and confirmed',
    async () => {
      const sample = () =>
        samples.push({ at: Date.now(), rss: process.memoryUsage().rss, handles: process.getActiveResourcesInfo().length });
      const deadline = Date.now() + SOAK_SECONDS * 1000;
      sample();
      const sampler = setInterval(sample, SAMPLE_MS);
      try {
        await Promise.all(Array.from({ length: VIRTUAL_USERS }, (_, u) => virtualUser(u, deadline)));
      } finally {
        clearInterval(sampler);
      }
      sample();

      // Every ticket made during the soak is readable by its owner, with every reply filed on it and
      // its confirmation sent once the stream has been handed everything.
      await within(stack.poller.drain(), 120_000, 'stream poller drain at the end of the soak');
      const owners = await Promise.all(icos.map((_, u) => login(u)));
      const views = await pool(created.length, VIRTUAL_USERS, async (i) => {
        const c = created[i]!;
        const res = await owners[c.owner]!.get(`/api/tickets/${c.number}`);
        const replies = res.status === 200 ? res.body.history.filter((h: { type: string }) => h.type === 'email-in').length : -1;
        return {
          number: c.number,
          status: res.status,
          subjectOk: res.body?.ticket?.subject === c.subject,
          replies,
          sent: c.replies,
          confirmation: res.body?.history?.find((h: { type: string }) => h.type === 'created')?.mail,
        };
      });

      const second = samples.slice(Math.floor(samples.length / 3), Math.floor((2 * samples.length) / 3));
      const last = samples.slice(Math.floor((2 * samples.length) / 3));
      const mb = (b: number) => Math.round(b / 1024 / 1024);
      const requests = Object.values(statuses).reduce((a, b) => a + b, 0);
      const errors = Object.fromEntries(Object.entries(statuses).filter(([s]) => !/^(2\d\d|smtp-250)$/.test(s)));
      console.log(
        `soak: ${SOAK_SECONDS} s, ${VIRTUAL_USERS} users, ${requests} requests, ${created.length} tickets, ` +
          `${created.reduce((a, c) => a + c.replies, 0)} replies; non-2xx by status ${JSON.stringify(errors)}; unexpected ${unexpectedCount}; ` +
          `RSS first/last ${mb(samples[0]!.rss)}/${mb(samples.at(-1)!.rss)} MB (medians 2nd/3rd third ${mb(median(second.map((s) => s.rss)))}/${mb(median(last.map((s) => s.rss)))}); ` +
          `handles first/last ${samples[0]!.handles}/${samples.at(-1)!.handles} (medians ${median(second.map((s) => s.handles))}/${median(last.map((s) => s.handles))}); ` +
          `${samples.length} samples`,
      );

      // Failed attempts of the inbound handler (retried as AWS retries them): named, so a lost reply has its cause in the log.
      if (stack.inboundFailures.length > 0)
        console.log('inbound handler failures:', JSON.stringify(stack.inboundFailures.slice(0, 5), null, 1));
      // Every reply of the soak is one the desk must file: anything else is named with its outcome.
      if (stack.inboundNotFiled.length > 0)
        console.log('inbound mail not filed:', JSON.stringify(stack.inboundNotFiled.slice(0, 10), null, 1));
      expect(stack.inboundFailures.filter((f) => f.attempt === f.of)).toEqual([]);
      // A duplicate is right after a retried attempt that had filed the mail before failing; the
      // replies counted on the tickets below decide whether anything was lost.
      expect(stack.inboundNotFiled.filter((m) => (m.outcome as { kind?: string }).kind !== 'duplicate')).toEqual([]);
      expect(Object.keys(statuses).filter((s) => /^5\d\d$/.test(s))).toEqual([]);
      expect(unexpected).toEqual([]);
      expect(unexpectedCount).toBe(0);
      expect(created.length).toBeGreaterThan(0);
      expect(views.filter((v) => v.status !== 200 || !v.subjectOk || v.replies !== v.sent || v.confirmation !== 'sent')).toEqual([]);
      expect(median(last.map((s) => s.rss))).toBeLessThanOrEqual(RSS_GROWTH * median(second.map((s) => s.rss)));
      expect(median(last.map((s) => s.handles))).toBeLessThanOrEqual(median(second.map((s) => s.handles)) + HANDLE_GROWTH);
    },
    SOAK_SECONDS * 1000 + 180_000,
  );
});
