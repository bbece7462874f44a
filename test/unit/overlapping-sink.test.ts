import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { overlappingSink } from '../../functions/core/mail-in/inbound-mail';

const drain = (body: Readable) => pipeline(body, new Writable({ write: (_c, _e, cb) => cb() }));

describe('overlapping attachment sink', () => {
  it('lets the parser go on once the bytes are read, and settle() waits for the uploads', async () => {
    const finished: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const sink = overlappingSink(async (key, body) => {
      await drain(body);
      await gate; // the upload's last part and completion are still running
      finished.push(key);
    });
    await sink.put('a', Readable.from([Buffer.from('x')]), { contentType: 't', filename: 'a' });
    await sink.put('b', Readable.from([Buffer.from('y')]), { contentType: 't', filename: 'b' });
    expect(finished).toEqual([]);
    const settled = sink.settle();
    release();
    await settled;
    expect(finished.sort()).toEqual(['a', 'b']);
  });

  it('reports an upload that fails after its bytes were read', async () => {
    const sink = overlappingSink(async (_key, body) => {
      await drain(body);
      throw new Error('S3 down');
    });
    await sink.put('a', Readable.from([Buffer.from('x')]), { contentType: 't', filename: 'a' });
    await expect(sink.settle()).rejects.toThrow('S3 down');
  });

  it('fails the put itself when the upload fails before reading everything', async () => {
    const sink = overlappingSink(async () => {
      throw new Error('refused');
    });
    await expect(sink.put('a', new Readable({ read() {} }), { contentType: 't', filename: 'a' })).rejects.toThrow('refused');
  });

  it('keeps at most `depth` uploads in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const sink = overlappingSink(async (_k, body) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await drain(body);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
    }, 2);
    for (let i = 0; i < 6; i++) await sink.put(String(i), Readable.from([Buffer.from('x')]), { contentType: 't', filename: 'f' });
    await sink.settle();
    expect(most).toBe(2);
  });
});
