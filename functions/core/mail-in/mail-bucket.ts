/**
 * Key prefixes of the mail bucket (docs/email.md), declared once: the functions write under them and
 * the CDK stack points the SES S3 action, the lifecycle rules and every grant at them.
 * - `inbound/<SES messageId>`: raw mail as SES's S3 action stored it;
 * - `attachments/<hash of the SES messageId>/<id>`: attachments of inbound mail;
 * - `attachments/staff/<id>`: files staff upload (inside `attachments/`, so whoever may read
 *   attachments may read these too).
 */
export const MAIL_PREFIXES = { inbound: 'inbound/', attachments: 'attachments/', staffUploads: 'attachments/staff/' } as const;
