import MailComposer from 'nodemailer/lib/mail-composer';
import type { OutgoingMessage } from '../core/mail-out/outbound-mail';

/** MIME-encodes a written-out mail with nodemailer's composer (RFC 2047 headers, QP text, HTML alternative). */
export async function composeMime(m: OutgoingMessage): Promise<Buffer> {
  const composer = new MailComposer({
    from: m.from,
    to: m.to,
    replyTo: m.replyTo,
    subject: m.subject,
    messageId: `<${m.messageId}>`,
    ...(m.inReplyTo && { inReplyTo: `<${m.inReplyTo}>` }),
    ...(m.references?.length && { references: m.references.map((r) => `<${r}>`) }),
    text: m.text,
    html: m.html,
    headers: m.headers ?? {},
    textEncoding: 'quoted-printable',
  });
  return composer.compile().build();
}
