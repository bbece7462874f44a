import type { Client, Staff } from '../../functions/core/model';

/** The people, the client and the mail settings the in-memory core tests share. */
export const client = { ico: '27082440', name: 'Demo Klient s.r.o.' };
export const worker = { email: 'petr@softech.cz', name: 'Petr Novák', role: 'worker' as const };
export const colleague = { email: 'eva@softech.cz', name: 'Eva Dvořáková', role: 'worker' as const };

export const mailSettings = {
  domain: 'mail.softech.cz',
  fromAddress: 'podpora@mail.softech.cz',
  fromName: 'Softech Podpora',
  replyTokenSecret: 'x'.repeat(32),
  portalUrl: 'https://podpora.softech.cz/',
};

/** The demo client's account, without a password (the core tests do not log in). */
export const account = (): Client => ({
  ...client,
  mustChangePassword: false,
  knownEmails: [],
  disabled: false,
  createdAt: '2026-01-01T00:00:00.000Z',
});

export const staffMember = (s: typeof worker, active = true): Staff => ({
  ...s,
  passwordHash: 'x',
  active,
  createdAt: '2026-01-01T00:00:00.000Z',
});
