import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import type { OutgoingMessage } from '../core/mail-out/outbound-mail';
import type { MailSender } from '../core/ports';
import type { Config } from '../shared/config';
import { clientOptions } from './aws-clients';
import { composeMime } from './mime-composer';

export const createSesClient = (cfg: Config) => new SESv2Client(clientOptions(cfg, cfg.AWS_ENDPOINT_SES));

/** Sends MIME through SES v2 (`Content.Raw`), so our headers reach the client unchanged. */
export class SesMailer implements MailSender {
  constructor(
    private readonly ses: SESv2Client,
    private readonly configurationSet?: string,
  ) {}

  async send(message: OutgoingMessage): Promise<string> {
    const res = await this.ses.send(
      new SendEmailCommand({
        Destination: { ToAddresses: message.to },
        Content: { Raw: { Data: await composeMime(message) } },
        ...(this.configurationSet && { ConfigurationSetName: this.configurationSet }),
      }),
    );
    return res.MessageId ?? 'unknown';
  }
}
