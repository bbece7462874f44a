import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import type { MailSender } from '../core/ports';

/** Sends rendered MIME through SES v2 (`Content.Raw`), so our headers reach the client unchanged. */
export class SesMailer implements MailSender {
  constructor(private readonly ses: SESv2Client, private readonly configurationSet?: string) {}

  async sendRaw(raw: string, to: string[]): Promise<string> {
    const res = await this.ses.send(new SendEmailCommand({
      Destination: { ToAddresses: to },
      Content: { Raw: { Data: Buffer.from(raw, 'utf8') } },
      ...(this.configurationSet && { ConfigurationSetName: this.configurationSet }),
    }));
    return res.MessageId ?? 'unknown';
  }
}
