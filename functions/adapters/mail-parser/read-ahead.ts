import type { Readable, Transform } from 'node:stream';

/**
 * Reads up to `maxBytes` (stopping early once `enough` says so), leaving the stream paused with the
 * rest unread. `ended` tells whether the stream had nothing more.
 */
export function readAhead(
  stream: Readable,
  maxBytes: number,
  enough?: (head: Buffer) => boolean,
): Promise<{ head: Buffer; ended: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const cleanup = (): void => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onError);
    };
    const onData = (chunk: Buffer): void => {
      chunks.push(chunk);
      length += chunk.length;
      if (length >= maxBytes || enough?.(Buffer.concat(chunks, length))) {
        stream.pause();
        cleanup();
        resolve({ head: Buffer.concat(chunks, length), ended: false });
      }
    };
    const onEnd = (): void => {
      cleanup();
      resolve({ head: Buffer.concat(chunks, length), ended: true });
    };
    const onError = (error: Error): void => {
      cleanup();
      reject(error);
    };
    if (stream.readableEnded) {
      resolve({ head: Buffer.alloc(0), ended: true });
      return;
    }
    stream.on('data', onData);
    stream.once('end', onEnd);
    stream.once('error', onError);
  });
}

/** Stops feeding `next` and drains the rest of `raw`, so the source can close. */
export function abandon(raw: Readable, next: Transform): void {
  raw.unpipe(next);
  raw.resume();
}
