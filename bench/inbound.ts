import { execFile } from 'node:child_process';
import { createWriteStream, mkdirSync, rmSync, writeFileSync, createReadStream } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';
import { startDynamo, startS3, startSes } from '../local/services';
import { localEnv, repoRoot } from '../local/stack';
import { fmt, type BenchRow } from './report';

/**
 * Issue 4 bench: a ~37 MB message (three 9 MB binary attachments, base64) through the inbound
 * handler end to end against the local S3 and DynamoDB, next to a bare `simpleParser` on the same
 * file, each in a fresh process; peak RSS growth and throughput, two interleaved rounds.
 */
const run_ = promisify(execFile);
const ROUNDS = 2;

async function makeMessage(dir: string, to: string): Promise<string> {
  const parts = [1, 2, 3].map((i) => {
    const file = path.join(dir, `part${i}.bin`);
    writeFileSync(file, randomBytes(9 * 1024 * 1024));
    return { filename: `priloha-${i}.bin`, path: file, contentType: 'application/octet-stream' };
  });
  const eml = path.join(dir, 'big.eml');
  const mail = new MailComposer({
    from: 'bench@firma.cz',
    to,
    subject: 'Velké přílohy',
    text: 'Posílám tři velké soubory.',
    attachments: parts,
  });
  await pipeline(mail.compile().createReadStream(), createWriteStream(eml));
  return eml;
}

async function worker(mode: 'ours' | 'parse' | 'bare', file: string, sesMessageId: string, env: Record<string, string>) {
  const { stdout } = await run_(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', path.join(repoRoot, 'bench', 'inbound-worker.ts'), mode, file, sesMessageId],
    {
      env: { ...process.env, ...env, POWERTOOLS_LOG_LEVEL: 'ERROR' },
      maxBuffer: 1 << 20,
      cwd: repoRoot,
    },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as { seconds: number; peakRssGrowthMB: number; sizeMB: number };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function run(log: (m: string) => void = console.log): Promise<BenchRow[]> {
  const dir = path.join(repoRoot, '.tmp', `bench-inbound-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const dynamo = await startDynamo({ port: 0, dataDir: null });
  const s3 = await startS3({ port: 0, directory: path.join(dir, 's3'), buckets: ['softech-mail'] });
  const ses = await startSes({ port: 0 });
  try {
    const env = localEnv({ port: 3999, tableName: 'bench-inbound', dynamo: dynamo.endpoint, s3: s3.endpoint, ses: ses.endpoint });
    Object.assign(process.env, env);
    const { getApp } = await import('../functions/wiring/app');
    const { ensureTable } = await import('../functions/adapters/table-setup');
    const app = await getApp();
    await ensureTable(app.clients.dynamo, env.TABLE_NAME!);
    await app.stores.accounts.createClient({
      ico: '27082440',
      name: 'Bench',
      mustChangePassword: false,
      knownEmails: [],
      disabled: false,
      createdAt: new Date().toISOString(),
    });
    const { createTicket } = await import('../functions/core/tickets/client-tickets');
    const { ticket } = await createTicket(
      app.tickets,
      { ico: '27082440', name: 'Bench' },
      { contactEmail: 'bench@firma.cz', category: 'service', subject: 'Bench', description: 'x' },
    );
    const { replyAddress } = await import('../functions/core/mail-out/reply-token');
    const recipient = replyAddress(env.REPLY_TOKEN_SECRET!, ticket.number, env.MAIL_DOMAIN!);
    const eml = await makeMessage(dir, recipient);

    const ours: Array<{ seconds: number; peakRssGrowthMB: number; sizeMB: number }> = [];
    const bare: typeof ours = [];
    const parseOnly: typeof ours = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const sesId = `bench${round}${randomBytes(8).toString('hex')}`;
      await (await (await import('../functions/wiring/mail-bucket')).getBlobs()).blobs.write(`inbound/${sesId}`, createReadStream(eml), {
        contentType: 'message/rfc822',
        filename: 'big.eml',
      });
      ours.push(await worker('ours', eml, sesId, { ...env, BENCH_RECIPIENT: recipient }));
      bare.push(await worker('bare', eml, sesId, env));
      parseOnly.push(await worker('parse', eml, sesId, env));
      log(
        `  round ${round}: handler ${fmt(ours.at(-1)!.seconds, 2)} s, +${fmt(ours.at(-1)!.peakRssGrowthMB)} MB; simpleParser ${fmt(bare.at(-1)!.seconds, 2)} s, +${fmt(bare.at(-1)!.peakRssGrowthMB)} MB; parse stage alone ${fmt(parseOnly.at(-1)!.seconds, 2)} s`,
      );
    }
    const size = ours[0]!.sizeMB;
    const oursRss = Math.max(...ours.map((o) => o.peakRssGrowthMB));
    const bareRss = median(bare.map((o) => o.peakRssGrowthMB));
    const oursMBs = size / median(ours.map((o) => o.seconds));
    const bareMBs = size / median(bare.map((o) => o.seconds));
    const parseMBs = size / median(parseOnly.map((o) => o.seconds));
    app.clients.dynamo.destroy();
    return [
      { figure: `inbound message size`, ours: `${fmt(size)} MB`, baseline: '–', ratio: '–', target: '≤ 40 MB (SES)', pass: null },
      {
        figure: 'peak RSS growth, handler end to end (worst round) vs bare simpleParser',
        ours: `${fmt(oursRss)} MB`,
        baseline: `${fmt(bareRss)} MB`,
        ratio: fmt(oursRss / bareRss, 2),
        target: '< 64 MB',
        pass: oursRss < 64,
      },
      {
        figure: 'throughput, handler incl. S3 + DynamoDB writes vs bare simpleParser',
        ours: `${fmt(oursMBs)} MB/s`,
        baseline: `${fmt(bareMBs)} MB/s`,
        ratio: fmt(oursMBs / bareMBs, 2),
        target: '≥ 1.00',
        pass: oursMBs >= bareMBs,
      },
      {
        figure: 'throughput, parsing stage alone (raw mail read from S3, attachments decoded and hashed, not stored) vs bare simpleParser',
        ours: `${fmt(parseMBs)} MB/s`,
        baseline: `${fmt(bareMBs)} MB/s`,
        ratio: fmt(parseMBs / bareMBs, 2),
        target: '– (shows where the time goes)',
        pass: null,
      },
    ];
  } finally {
    await ses.stop();
    await s3.stop();
    await dynamo.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
