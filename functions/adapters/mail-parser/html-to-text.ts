import { MailParser, type AttachmentStream, type MessageText } from 'mailparser';

/** HTML (from a TNEF body) to text, with the same converter and limits mailparser uses for mail bodies. */
export async function htmlToText(html: string): Promise<string | undefined> {
  const parser = new MailParser({ skipTextToHtml: true, skipTextLinks: true, skipImageLinks: true, checksumAlgo: false });
  const text = new Promise<string | undefined>((resolve) => {
    parser.on('data', (item: AttachmentStream | MessageText) => {
      if (item.type === 'text') resolve(item.text);
      else {
        item.content.resume();
        item.release?.();
      }
    });
    parser.once('error', () => resolve(undefined));
    parser.once('end', () => resolve(undefined));
  });
  parser.end(Buffer.concat([Buffer.from('Content-Type: text/html; charset=utf-8\r\n\r\n'), Buffer.from(html, 'utf8')]));
  return text;
}
