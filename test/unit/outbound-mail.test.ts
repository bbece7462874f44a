import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { composeMime } from '../../functions/adapters/mime-composer';
import { renderConfirmation, type MailSettings } from '../../functions/core/mail-out/outbound-mail';
import { ticketFromReplyAddress } from '../../functions/core/mail-out/reply-token';
import type { Ticket } from '../../functions/core/model';

const settings: MailSettings = {
  domain: 'podpora.softech.cz',
  fromAddress: 'podpora@podpora.softech.cz',
  fromName: 'Softech Podpora',
  replyTokenSecret: 'unit-test-secret-0123456789',
  portalUrl: 'https://podpora.softech.cz/',
};
const ticket: Ticket = {
  number: 1234,
  ico: '27082440',
  clientName: 'Demo Klient s.r.o.',
  contactEmail: 'jana@firma.cz',
  category: 'website',
  subject: 'Úprava ceníku <b>ihned</b>',
  description: 'Prosíme o změnu cen.\n<script>alert(1)</script>',
  status: 'new',
  createdAt: '2026-11-27T08:00:00.000Z',
  updatedAt: '2026-11-27T08:00:00.000Z',
};

describe('confirmation email', async () => {
  const rendered = await renderConfirmation(settings, ticket, 'abc123');
  const parsed = await simpleParser(await composeMime(rendered.message));

  it("carries the subject tag and the client's subject", () => {
    expect(parsed.subject).toBe('[Softech #1234] Úprava ceníku <b>ihned</b>');
  });

  it('has a Message-ID of the form t<n>.<id>@<mail domain>', () => {
    expect(parsed.messageId).toBe('<t1234.abc123@podpora.softech.cz>');
    expect(rendered.messageId).toBe('t1234.abc123@podpora.softech.cz');
  });

  it('replies go to a token address that proves the ticket', () => {
    const replyTo = parsed.replyTo!.value[0]!.address!;
    expect(ticketFromReplyAddress(settings.replyTokenSecret, replyTo, settings.domain)).toBe(1234);
  });

  it('is marked as automatic so auto-responders stay quiet', () => {
    expect(parsed.headers.get('auto-submitted')).toBe('auto-generated');
    expect(parsed.headers.get('x-auto-response-suppress')).toBe('All');
  });

  it('goes to the contact email only, from the support address', () => {
    expect(parsed.to).toMatchObject({ value: [{ address: 'jana@firma.cz' }] });
    expect(parsed.from).toMatchObject({ value: [{ address: 'podpora@podpora.softech.cz', name: 'Softech Podpora' }] });
    expect(parsed.cc).toBeUndefined();
    expect(parsed.bcc).toBeUndefined();
  });

  it("has Czech text and HTML that tell how to add attachments, with the client's text escaped in HTML", () => {
    expect(parsed.text).toContain('pořadové číslo 1234');
    expect(parsed.text).toContain('na tuto potvrzující zprávu odpovíte');
    expect(parsed.text).toContain('<script>alert(1)</script>');
    expect(parsed.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(parsed.html).not.toContain('<script>');
    expect(parsed.html).not.toContain('<b>ihned</b>');
  });
});
