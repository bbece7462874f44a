import nodemailer, { type SendMailOptions } from 'nodemailer';

/** Sends a mail to the local SES-receiving stand-in, as a client's mail program would. */
export async function sendMail(port: number, mail: SendMailOptions & { envelopeTo?: string[] }) {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  try {
    return await transport.sendMail({
      ...mail,
      ...(mail.envelopeTo && { envelope: { from: String(mail.from), to: mail.envelopeTo } }),
    });
  } finally {
    transport.close();
  }
}

/** Deterministic pseudo-random bytes (so a failure can be reproduced). */
export function bytes(size: number, seed = 1): Buffer {
  const out = Buffer.alloc(size);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}
