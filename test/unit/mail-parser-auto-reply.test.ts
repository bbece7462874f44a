import { describe, expect, it } from 'vitest';
import { detectAutoReply } from '../../functions/core/mail-in/auto-reply';
import { parseWithMemorySink } from '../support/mail-corpus';

const headers = (fields: Record<string, string | string[]>): Map<string, string[]> =>
  new Map(Object.entries(fields).map(([name, value]) => [name, Array.isArray(value) ? value : [value]]));

describe('detectAutoReply', () => {
  it('treats ordinary mail as written by a person', () => {
    expect(
      detectAutoReply({ headers: headers({ 'content-type': 'text/plain' }), from: 'jana@firma.cz', subject: 'Re: Nefunguje tiskárna' }),
    ).toEqual({
      isAutomatic: false,
      isDeliveryReport: false,
    });
  });

  it('recognises RFC 3834 Auto-Submitted values other than "no"', () => {
    expect(detectAutoReply({ headers: headers({ 'auto-submitted': 'auto-replied' }) }).isAutomatic).toBe(true);
    expect(detectAutoReply({ headers: headers({ 'auto-submitted': 'auto-generated (failure)' }) }).isAutomatic).toBe(true);
    expect(detectAutoReply({ headers: headers({ 'auto-submitted': 'no' }) }).isAutomatic).toBe(false);
  });

  it('recognises bulk, junk and list precedence but not others', () => {
    for (const precedence of ['bulk', 'junk', 'list', 'Bulk']) {
      expect(detectAutoReply({ headers: headers({ precedence }) }).isAutomatic).toBe(true);
    }
    expect(detectAutoReply({ headers: headers({ precedence: 'first-class' }) }).isAutomatic).toBe(false);
  });

  it('recognises the X-Autoreply and X-Autorespond headers', () => {
    expect(detectAutoReply({ headers: headers({ 'x-autoreply': 'yes' }) }).reason).toBe('x-autoreply header');
    expect(detectAutoReply({ headers: headers({ 'x-autorespond': 'Out of office' }) }).isAutomatic).toBe(true);
  });

  it('reports a multipart/report delivery-status message as a delivery report', () => {
    const verdict = detectAutoReply({
      headers: headers({ 'content-type': 'multipart/report; report-type="delivery-status"; boundary=x' }),
    });
    expect(verdict).toMatchObject({ isAutomatic: true, isDeliveryReport: true });
  });

  it('reports a read receipt as automatic but not as a delivery report', () => {
    const verdict = detectAutoReply({ headers: headers({ 'content-type': 'multipart/report; report-type=disposition-notification' }) });
    expect(verdict).toMatchObject({ isAutomatic: true, isDeliveryReport: false });
  });

  it('reports mail from MAILER-DAEMON or postmaster as a delivery report', () => {
    expect(detectAutoReply({ headers: headers({}), from: 'MAILER-DAEMON@mx.example.com' }).isDeliveryReport).toBe(true);
    expect(detectAutoReply({ headers: headers({}), from: 'postmaster@example.com' }).isDeliveryReport).toBe(true);
  });

  it('recognises auto-reply subjects only in their "prefix:" form', () => {
    expect(detectAutoReply({ headers: headers({}), subject: 'Automatická odpověď: Požadavek 12' }).isAutomatic).toBe(true);
    expect(detectAutoReply({ headers: headers({}), subject: 'Out of Office: meeting' }).isAutomatic).toBe(true);
    expect(detectAutoReply({ headers: headers({}), subject: 'Automatic reply does not work in Outlook' }).isAutomatic).toBe(false);
  });

  it('treats mail from the null sender as automatic', () => {
    expect(detectAutoReply({ headers: headers({ 'return-path': '<>' }) }).reason).toBe('null Return-Path');
  });
});

describe('auto-reply detection on real mail', () => {
  it('marks chatwoot auto_reply_with_auto_submitted as automatic', async () => {
    const { mail } = await parseWithMemorySink('chatwoot/auto_reply_with_auto_submitted.eml');
    expect(mail.autoReply).toEqual({ isAutomatic: true, isDeliveryReport: false, reason: 'Auto-Submitted: auto-generated' });
  });

  it.each([
    'sisimai-set-of-emails/maildir/bsd/lhost-amazonses-01.eml',
    'sisimai-set-of-emails/maildir/bsd/lhost-exim-01.eml',
    'sisimai-set-of-emails/maildir/bsd/lhost-gmail-01.eml',
    'sisimai-set-of-emails/maildir/bsd/lhost-office365-01.eml',
    'sisimai-set-of-emails/maildir/bsd/lhost-outlook-01.eml',
    'sisimai-set-of-emails/maildir/bsd/lhost-postfix-01.eml',
    'sisimai-set-of-emails/maildir/bsd/lhost-sendmail-01.eml',
    'sisimai-set-of-emails/maildir/bsd/lhost-exchange2007-02.eml',
    'sisimai-set-of-emails/maildir/bsd/lhost-amazonworkmail-01.eml',
    'sisimai-set-of-emails/maildir/dos/lhost-postfix-01.eml',
    'sisimai-set-of-emails/maildir/mac/lhost-postfix-01.eml',
    'postal-mime/bounce.eml',
    'nodemailer-mailparser/delivery-status.eml',
    'chatwoot/bounced_gmail.eml',
    'chatwoot/bounced_with_no_from.eml',
    'flanker/bounce/mailbox-full.eml',
    'flanker/bounce/office365.eml',
    'mimekit/messages/bounce.txt',
  ])('marks the bounce %s as a delivery report', async (file) => {
    const { mail } = await parseWithMemorySink(file);
    expect(mail.autoReply).toMatchObject({ isAutomatic: true, isDeliveryReport: true });
  });

  it.each([
    'sisimai-set-of-emails/maildir/bsd/rfc3834-01.eml',
    'sisimai-set-of-emails/maildir/bsd/rfc3834-02.eml',
    'sisimai-set-of-emails/maildir/bsd/rfc3834-03.eml',
    'sisimai-set-of-emails/maildir/bsd/rfc3834-04.eml',
    'sisimai-set-of-emails/maildir/bsd/rfc3834-06.eml',
    'chatwoot/non_utf_encoded_mail.eml',
    'php-mime-mail-parser/issue212',
  ])('marks the out-of-office reply %s as automatic but not as a delivery report', async (file) => {
    const { mail } = await parseWithMemorySink(file);
    expect(mail.autoReply).toMatchObject({ isAutomatic: true, isDeliveryReport: false });
  });

  it('marks mailing-list mail (Precedence: bulk) as automatic', async () => {
    const { mail } = await parseWithMemorySink('linux-mailinglist-archives/linux-ppp/80bdc5972bf4f7627ddc3e6d1d719f0e9b003582.eml');
    expect(mail.autoReply).toEqual({ isAutomatic: true, isDeliveryReport: false, reason: 'Precedence: bulk' });
  });

  it.each([
    'sisimai-set-of-emails/maildir/bsd/arf-01.eml',
    'postal-mime/arf.eml',
    'flanker/complaints/aol.eml',
    'mimekit/messages/disposition-notification.txt',
  ])('marks the abuse report or read receipt %s as automatic', async (file) => {
    const { mail } = await parseWithMemorySink(file);
    expect(mail.autoReply).toMatchObject({ isAutomatic: true, isDeliveryReport: false });
  });

  it.each([
    'sisimai-set-of-emails/maildir/not/is-not-bounce-01.eml',
    'talon/standard_replies/gmail.eml',
    'chatwoot/mail_with_quote.eml',
    'zammad/mail002.box',
    'roundcube/fwd_lines.eml',
  ])('does not mark the personal message %s as automatic', async (file) => {
    const { mail } = await parseWithMemorySink(file);
    expect(mail.autoReply.isAutomatic).toBe(false);
  });
});
