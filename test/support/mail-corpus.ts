/**
 * The raw-mail corpus kept in the repository (`test/fixtures/mail-corpus`, see its SOURCES.md) and the
 * in-memory attachment sink the mail parser tests store into.
 */
import { createReadStream, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as yaml from 'js-yaml';
import { Readable } from 'node:stream';
import { parseMail, type AttachmentSink, type MailParseLimits, type ParsedMail } from '../../functions/adapters/mail-parser/parse-mail';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const corpusDir = path.resolve(repoRoot, 'test/fixtures/mail-corpus');

// SOURCES.md: expectations (.yml .json .xml .list *_reply_text), raw TNEF payloads (.tnef), expected
// attachment bytes (zbateson files/) and upstream notes (COPYING, README) are auxiliary; every
// other file is a raw message, whatever its extension.
const AUXILIARY = /\.(yml|json|xml|list|tnef|md)$|_reply_text$|(^|\/)(COPYING|LICEN[CS]E[^/]*)$|^zbateson-mail-mime-parser\/files\//;

/** Paths of all raw messages, relative to {@link corpusDir}, sorted. */
export function corpusMessages(): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else found.push(path.relative(corpusDir, full).split(path.sep).join('/'));
    }
  };
  walk(corpusDir);
  return found.filter((file) => !AUXILIARY.test(file)).sort();
}

export function corpusPath(relative: string): string {
  return path.join(corpusDir, relative);
}

export function readCorpus(relative: string): Buffer {
  return readFileSync(corpusPath(relative));
}

/** Loads a Zammad expectation: Ruby's tags stripped, its `!binary` read as YAML's `!!binary`. */
export function loadZammadExpectation(relative: string): unknown {
  const source = readFileSync(corpusPath(relative), 'utf8')
    .replace(/ !ruby\/hash:ActiveSupport::HashWithIndifferentAccess/g, '')
    .replace(/: !binary /g, ': !!binary ');
  return yaml.load(source, { schema: yaml.YAML11_SCHEMA });
}

export interface StoredObject {
  body: Buffer;
  contentType: string;
  filename: string;
}

/** Keeps every attachment in memory, as S3 would keep it. */
export class MemoryAttachmentSink implements AttachmentSink {
  readonly objects = new Map<string, StoredObject>();

  async put(key: string, body: Readable, meta: { contentType: string; filename: string }): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(Buffer.from(chunk as Uint8Array));
    this.objects.set(key, { body: Buffer.concat(chunks), ...meta });
  }
}

export interface ParsedFixture {
  mail: ParsedMail;
  sink: MemoryAttachmentSink;
}

let sequence = 0;

/** Parses raw bytes (or a corpus file) into a fresh memory sink, with keys `attachments/1/<id>`. */
export async function parseWithMemorySink(source: Buffer | string | Readable, limits?: MailParseLimits): Promise<ParsedFixture> {
  const sink = new MemoryAttachmentSink();
  const raw = typeof source === 'string' ? createReadStream(corpusPath(source)) : Buffer.isBuffer(source) ? streamOf(source) : source;
  const mail = await parseMail(raw, {
    sink,
    keyFor: (id) => `attachments/1/${id}`,
    newId: () => `a${++sequence}`,
    ...(limits ? { limits } : {}),
  });
  return { mail, sink };
}

/** A byte stream that delivers `bytes` in chunks of `chunkSize`, like a socket would. */
export function streamOf(bytes: Buffer, chunkSize = 64 * 1024): Readable {
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < bytes.length; offset += chunkSize) chunks.push(bytes.subarray(offset, offset + chunkSize));
  return Readable.from(chunks, { objectMode: false });
}
