import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alertEntry, renderAlert, type AlertMailSettings } from '../../functions/core/alerts/alert-mail';
import { ALERT_KINDS, type AlertKind, type AlertPreferences } from '../../functions/core/alerts/kinds';
import { alertRecipients } from '../../functions/core/alerts/recipients';
import {
  isAlertMailId,
  triggerFromEvent,
  triggerFromFailedMail,
  triggerFromUnmatched,
  type AlertTrigger,
} from '../../functions/core/alerts/triggers';
import type { HistoryEvent, OutboxMail, Staff, Ticket } from '../../functions/core/model';

const person = (email: string, over: Partial<Staff> = {}): Staff => ({
  email,
  name: email.split('@')[0]!,
  role: 'worker',
  passwordHash: 'x',
  active: true,
  createdAt: '2026-01-01T00:00:00Z',
  ...over,
});
const ADMIN = person('sprava@softech.cz', { role: 'admin' });
const JANA = person('jana@softech.cz');
const PETR = person('petr@softech.cz', { alerts: { 'new-request': 'off' } });
const GONE = person('byvaly@softech.cz', { active: false });
const STAFF = [ADMIN, JANA, PETR, GONE];

const trigger = (kind: AlertKind, over: Partial<AlertTrigger> = {}): AlertTrigger => ({
  kind,
  key: `k-${kind}`,
  ticket: 7,
  at: '2026-12-03T09:15:00Z',
  facts: {},
  ...over,
});
const emails = (t: AlertTrigger, staff = STAFF, ticket?: Pick<Ticket, 'assignee' | 'contactEmail'>) =>
  alertRecipients(t, staff, ticket ?? { contactEmail: 'klient@firma.cz' }).map((r) => r.email);

describe('who is told', () => {
  it('tells everyone active who wants new requests of a new one', () => {
    expect(emails(trigger('new-request'))).toEqual([ADMIN.email, JANA.email]);
  });

  it("tells the assignee of the client's mail and quote answer; without one, those who get new requests", () => {
    const assigned = { contactEmail: 'klient@firma.cz', assignee: PETR.email };
    expect(emails(trigger('client-mail'), STAFF, assigned)).toEqual([PETR.email]);
    expect(emails(trigger('quote-answer'), STAFF, assigned)).toEqual([PETR.email]);
    expect(emails(trigger('client-mail'))).toEqual([ADMIN.email, JANA.email]);
    // a deactivated assignee counts as none
    expect(emails(trigger('client-mail'), STAFF, { contactEmail: 'k@f.cz', assignee: GONE.email })).toEqual([ADMIN.email, JANA.email]);
  });

  it('tells the new assignee, unless they took the ticket themselves', () => {
    expect(emails(trigger('assigned', { assignee: JANA.email, actorEmail: ADMIN.email }))).toEqual([JANA.email]);
    expect(emails(trigger('assigned', { assignee: JANA.email, actorEmail: JANA.email }))).toEqual([]);
    expect(emails(trigger('assigned', { assignee: GONE.email, actorEmail: ADMIN.email }))).toEqual([]);
  });

  it('tells the assignee of a mail problem, else the administrators; access requests and unmatched mail only administrators', () => {
    expect(emails(trigger('mail-problem'), STAFF, { contactEmail: 'k@f.cz', assignee: JANA.email })).toEqual([JANA.email]);
    expect(emails(trigger('mail-problem'))).toEqual([ADMIN.email]);
    expect(emails(trigger('access-request', { ticket: 0 }))).toEqual([ADMIN.email]);
    expect(emails(trigger('unmatched-mail', { ticket: 0 }))).toEqual([ADMIN.email]);
  });

  it('leaves out whoever acted, and follows each person’s choice: off, or the digest', () => {
    expect(emails(trigger('new-request', { actorEmail: 'JANA@softech.cz' }))).toEqual([ADMIN.email]);
    const digest = person('denne@softech.cz', { alerts: { 'new-request': 'digest' } });
    expect(alertRecipients(trigger('new-request'), [digest, JANA], { contactEmail: 'k@f.cz' })).toEqual([
      { email: digest.email, name: digest.name, delivery: 'digest' },
      { email: JANA.email, name: JANA.name, delivery: 'immediate' },
    ]);
  });
});

describe('never a client', () => {
  const address = fc.constantFrom('jana@softech.cz', 'klient@firma.cz', 'Info@Firma.cz', 'sprava@softech.cz', 'petr@softech.cz', 'x@y.cz');
  const prefs = fc.dictionary(
    fc.constantFrom(...ALERT_KINDS),
    fc.constantFrom('immediate', 'digest', 'off'),
  ) as fc.Arbitrary<AlertPreferences>;
  const staffArb = fc.array(
    fc
      .record({ email: address, role: fc.constantFrom('admin', 'worker'), active: fc.boolean(), alerts: prefs })
      .map((s) => person(s.email, { role: s.role as Staff['role'], active: s.active, alerts: s.alerts })),
    { maxLength: 6 },
  );

  it("addresses no alert to the ticket's contact or any known address of its client, whatever the staff, preferences and trigger", () => {
    fc.assert(
      fc.property(
        staffArb,
        fc.constantFrom(...ALERT_KINDS),
        address,
        fc.array(address, { maxLength: 3 }),
        fc.option(address, { nil: undefined }),
        fc.option(address, { nil: undefined }),
        (staff, kind, contact, known, assignee, actor) => {
          const t = trigger(kind, { ...(assignee && { assignee }), ...(actor && { actorEmail: actor }) });
          const out = alertRecipients(t, staff, { contactEmail: contact, ...(assignee && { assignee }) }, { knownEmails: known });
          const client = new Set([contact, ...known].map((a) => a.toLowerCase()));
          expect(out.filter((r) => client.has(r.email))).toEqual([]);
          expect(out.filter((r) => r.email === actor?.toLowerCase())).toEqual([]);
          // and only active staff, each once
          const active = new Set(staff.filter((s) => s.active).map((s) => s.email.toLowerCase()));
          expect(out.every((r) => active.has(r.email))).toBe(true);
          expect(new Set(out.map((r) => r.email)).size).toBe(out.length);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('what raises an alert', () => {
  const event = (over: Partial<HistoryEvent>): HistoryEvent => ({
    id: 'e1',
    ticket: 7,
    type: 'created',
    at: '2026-12-03T09:15:00Z',
    actor: { kind: 'client', ico: '27082440' },
    ...over,
  });

  it('takes new requests, client mail, assignments, quote answers and bounces; not notes, staff mail or our own mail', () => {
    expect(triggerFromEvent(event({}))?.kind).toBe('new-request');
    expect(triggerFromEvent(event({ type: 'email-in', actor: { kind: 'email', from: 'k@f.cz' } }))?.kind).toBe('client-mail');
    expect(
      triggerFromEvent(event({ type: 'email-in', actor: { kind: 'email', from: 'j@s.cz' }, data: { fromStaff: true } })),
    ).toBeUndefined();
    expect(triggerFromEvent(event({ type: 'assignment', data: { to: 'jana@softech.cz' } }))?.assignee).toBe('jana@softech.cz');
    expect(triggerFromEvent(event({ type: 'assignment', data: { to: null } }))).toBeUndefined();
    expect(triggerFromEvent(event({ type: 'acceptance', data: { accepted: false } }))?.kind).toBe('quote-answer');
    expect(triggerFromEvent(event({ type: 'delivery', outboxId: 'c1', data: { kind: 'bounced' } }))?.kind).toBe('mail-problem');
    expect(triggerFromEvent(event({ type: 'delivery', outboxId: 'c1', data: { kind: 'delivered' } }))).toBeUndefined();
    expect(triggerFromEvent(event({ type: 'note', actor: { kind: 'staff', email: 'j@s.cz', name: 'J' } }))).toBeUndefined();
    expect(triggerFromEvent(event({ type: 'email-out' }))).toBeUndefined();
  });

  it('does not alert about alerts: a bounce or failure of an alert mail raises nothing', () => {
    expect(isAlertMailId('alert-abc')).toBe(true);
    expect(triggerFromEvent(event({ type: 'delivery', outboxId: 'alert-abc', data: { kind: 'bounced' } }))).toBeUndefined();
    const failed = { id: 'alert-abc', ticket: 7, to: ['j@s.cz'], attempts: 10 } as OutboxMail;
    expect(triggerFromFailedMail(failed, '2026-12-03T10:00:00Z')).toBeUndefined();
    expect(triggerFromFailedMail({ ...failed, id: 'conf1' }, '2026-12-03T10:00:00Z')?.kind).toBe('mail-problem');
  });

  it('leaves spam in the unmatched list without a word', () => {
    const mail = { id: 'u1', reason: 'spam', subject: 'Výhra', receivedAt: '2026-12-03T10:00:00Z' } as never;
    expect(triggerFromUnmatched(mail)).toBeUndefined();
    expect(triggerFromUnmatched({ ...(mail as object), reason: 'no_ticket' } as never)?.kind).toBe('unmatched-mail');
  });
});

describe('the alert mail', () => {
  const settings: AlertMailSettings = {
    domain: 'podpora.softech.cz',
    fromAddress: 'podpora@podpora.softech.cz',
    fromName: 'Softech Podpora',
    replyTokenSecret: 'x'.repeat(32),
    portalUrl: 'https://podpora.softech.cz/',
    adminUrl: 'https://podpora.softech.cz/admin',
    noteAddress: (n) => `poznamka+${n}.token@podpora.softech.cz`,
  };
  const ticket: Ticket = {
    number: 42,
    ico: '27082440',
    clientName: 'Demo Klient s.r.o.',
    contactEmail: 'info@demo-klient.cz',
    category: 'service-express',
    subject: 'Server nejede',
    description: 'x',
    status: 'new',
    createdAt: '2026-12-03T09:00:00Z',
    updatedAt: '2026-12-03T09:00:00Z',
  };

  it('has the tag, what happened and the subject; 500 characters of text at most; a link; marked automatic; replies go to the note address', () => {
    const entry = alertEntry(trigger('new-request', { ticket: 42, text: 'a'.repeat(600) }), ticket);
    const { subject, message } = renderAlert(settings, 'alert-x', { email: 'jana@softech.cz', name: 'Jana' }, [entry], {
      ticket,
      threadRoot: 't42.c1@podpora.softech.cz',
    });
    expect(subject).toBe('[Softech #42] Nový expresní požadavek: Server nejede');
    expect(message.text).toContain(`${'a'.repeat(500)}…`);
    expect(message.text).not.toContain('a'.repeat(501));
    expect(message.text).toContain('https://podpora.softech.cz/admin/tickets/42');
    expect(message.text).toContain('Klient: Demo Klient s.r.o., IČ 27082440');
    expect(message.headers).toEqual({ 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' });
    expect(message.references).toEqual(['t42.c1@podpora.softech.cz']);
    expect(message.replyTo).toBe('poznamka+42.token@podpora.softech.cz');
    expect(message.to).toEqual(['jana@softech.cz']);
  });

  it('keeps what a client wrote inert in the HTML part', () => {
    const entry = alertEntry(
      trigger('client-mail', { ticket: 42, text: '<img src=x onerror=alert(1)>', facts: { from: 'k@f.cz' } }),
      ticket,
    );
    const { message } = renderAlert(settings, 'alert-y', { email: 'j@s.cz', name: 'J' }, [entry], { ticket });
    expect(message.html).not.toContain('<img');
    expect(message.html).toContain('&lt;img');
  });
});

describe('the digest time', () => {
  it('is 7:30 in Prague, winter (UTC+1) and summer (UTC+2) alike, across the daylight-saving change', async () => {
    const { digestDay } = await import('../../functions/core/alerts/digest');
    expect(digestDay(new Date('2026-12-03T06:29:00Z'))).toEqual({ day: '2026-12-03', due: false });
    expect(digestDay(new Date('2026-12-03T06:30:00Z'))).toEqual({ day: '2026-12-03', due: true });
    expect(digestDay(new Date('2026-03-29T05:29:00Z'))).toEqual({ day: '2026-03-29', due: false }); // the spring change is that night
    expect(digestDay(new Date('2026-03-29T05:30:00Z'))).toEqual({ day: '2026-03-29', due: true });
    expect(digestDay(new Date('2026-10-25T06:30:00Z'))).toEqual({ day: '2026-10-25', due: true }); // back to winter time
    expect(digestDay(new Date('2026-12-31T23:30:00Z'))).toEqual({ day: '2027-01-01', due: false }); // half past midnight in Prague
  });
});
