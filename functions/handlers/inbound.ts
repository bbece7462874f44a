import type { Context, SESEvent } from 'aws-lambda';
import { processInbound } from '../core/mail-in/inbound-mail';
import { MAIL_PREFIXES } from '../core/mail-in/mail-bucket';
import { lambdaHandler, logger } from '../shared/logger';
import { getInboundDeps } from '../wiring/inbound';

/**
 * SES receipt rule, Lambda action (after the S3 action stored the raw message under
 * `inbound/<messageId>`). The event carries headers and verdicts, never the body. Errors are thrown
 * so that Lambda's asynchronous retries (same request id) and then the DLQ take over.
 */
export const handler = lambdaHandler(async (event: SESEvent, context: Pick<Context, 'awsRequestId'>) => {
  const deps = await getInboundDeps();
  const outcomes = [];
  for (const record of event.Records) {
    const { mail, receipt } = record.ses;
    const outcome = await processInbound(deps, {
      sesMessageId: mail.messageId,
      owner: context.awsRequestId,
      recipients: receipt.recipients,
      verdicts: {
        spam: receipt.spamVerdict.status,
        virus: receipt.virusVerdict.status,
        spf: receipt.spfVerdict.status,
        dkim: receipt.dkimVerdict.status,
        dmarc: receipt.dmarcVerdict.status,
        dmarcPolicy: receipt.dmarcPolicy,
      },
      rawKey: `${MAIL_PREFIXES.inbound}${mail.messageId}`,
      receivedAt: mail.timestamp,
    });
    logger.info('inbound mail processed', { sesMessageId: mail.messageId, outcome });
    outcomes.push(outcome);
  }
  return outcomes;
});
