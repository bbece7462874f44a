import { createReadStream, statSync } from 'node:fs';

/**
 * One measurement in a fresh process, so its RSS is its own: `ours` runs the inbound handler end
 * to end (S3 read, parse, attachments streamed to S3, DynamoDB writes); `bare` runs mailparser's
 * simpleParser on the same file. Prints one JSON line: {seconds, peakRssGrowthMB}.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const [mode, file, sesMessageId] = process.argv.slice(2) as ['ours' | 'parse' | 'bare', string, string];

async function measure(work: () => Promise<void>) {
  global.gc?.();
  const base = process.memoryUsage().rss;
  let peak = base;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 2);
  const started = performance.now();
  await work();
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  console.log(JSON.stringify({ seconds, peakRssGrowthMB: (peak - base) / 1024 / 1024, sizeMB: statSync(file).size / 1024 / 1024 }));
}

if (mode === 'bare') {
  const { simpleParser } = await import('mailparser');
  await simpleParser('warm-up: x\r\n\r\nx');
  await measure(async () => {
    const parsed = await simpleParser(createReadStream(file));
    if (parsed.attachments.length !== 3) throw new Error(`bare parser found ${parsed.attachments.length} attachments`);
  });
} else if (mode === 'parse') {
  // The handler's parsing stage alone: the raw mail read from S3, every attachment decoded, hashed
  // and sniffed as in the handler, then dropped instead of stored.
  const { parseMail } = await import('../functions/adapters/mail-parser/parse-mail');
  const { getBlobs } = await import('../functions/wiring/mail-bucket');
  const { Writable } = await import('node:stream');
  const { pipeline } = await import('node:stream/promises');
  const { blobs } = await getBlobs();
  const discard = { put: (_key: string, body: NodeJS.ReadableStream) => pipeline(body, new Writable({ write: (_c, _e, cb) => cb() })) };
  let n = 0;
  const parse = async () =>
    parseMail(await blobs.read(`inbound/${sesMessageId}`), { sink: discard, newId: () => `a${n++}`, keyFor: (id) => id });
  await parse();
  await measure(async () => {
    const parsed = await parse();
    if (parsed.attachments.length !== 3) throw new Error(`parse found ${parsed.attachments.length} attachments`);
  });
} else {
  const { handler } = await import('../functions/handlers/inbound');
  const { buildSesEvent } = await import('../local/smtp-receiver');
  const { getApp } = await import('../functions/wiring/app');
  const { Readable } = await import('node:stream');
  await getApp();
  const { blobs } = await (await import('../functions/wiring/mail-bucket')).getBlobs();
  const recipients = [process.env.BENCH_RECIPIENT!];
  // Warm-up: one small message through every code path (SDK modules load lazily, on first use),
  // its attachment just over the in-memory spool limit (1 MB) so the temp-file path runs too; kept
  // small so that the heap it leaves behind does not hide the big message's own growth.
  const small = `From: bench@firma.cz\r\nTo: ${recipients[0]}\r\nSubject: warm-up\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=a.bin\r\nContent-Transfer-Encoding: base64\r\n\r\n${Buffer.alloc(
    1536 * 1024,
  )
    .toString('base64')
    .replace(/.{76}/g, '$&\r\n')}\r\n--b--\r\n`;
  await blobs.write(`inbound/warm-${sesMessageId}`, Readable.from([Buffer.from(small)]), {
    contentType: 'message/rfc822',
    filename: 'w.eml',
  });
  await handler(buildSesEvent({ messageId: `warm-${sesMessageId}`, source: 'bench@firma.cz', recipients, headers: [] }), {
    awsRequestId: `warm-${sesMessageId}`,
  });
  await measure(async () => {
    const [outcome] = await handler(buildSesEvent({ messageId: sesMessageId, source: 'bench@firma.cz', recipients, headers: [] }), {
      awsRequestId: sesMessageId,
    });
    if (outcome?.kind !== 'filed' || outcome.attachments !== 3) throw new Error(`unexpected outcome ${JSON.stringify(outcome)}`);
  });
}
