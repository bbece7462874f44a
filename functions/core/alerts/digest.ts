import { TZDate } from '@date-fns/tz';
import { escapeHtml } from '../../shared/escape-html';
import type { OutgoingMessage, Staff } from '../model';
import type { Clock, Logger, StaffDirectoryStore } from '../ports';
import { dayAndClock, eventCount, staffMessage, type AlertEntry, type AlertMailSettings } from './alert-mail';

/**
 * The daily digest (docs/alerts.md): at 7:30 Europe/Prague each person who chose the digest for
 * some kind gets one mail listing every entry kept for them since their last digest, grouped by
 * ticket; nothing when there is nothing. The scheduled alerts sweep (every 5 minutes) calls this;
 * the first run after 7:30 sends, later runs of the day find the day done. The digest mail and the
 * day's mark are one write, so a retried sweep sends no second digest.
 */
export const DIGEST_AT = { hour: 7, minute: 30, timeZone: 'Europe/Prague' } as const;

export interface DigestEntry {
  ticket: number;
  /** The ticket's subject when the entry was kept (0: about no ticket). */
  about?: string;
  entry: AlertEntry;
  /** The entry's sort key: where the next digest starts. */
  cursor: string;
}

export interface DigestStore {
  /** The day of the person's last digest and where it ended. */
  digestState(email: string): Promise<{ lastDay?: string; cursor?: string }>;
  /** Entries kept for the person after `cursor`, oldest first (at most `limit`). */
  digestEntries(email: string, after: string | undefined, limit: number): Promise<DigestEntry[]>;
  /** Marks the day done and, when given, writes the digest mail in the same transaction; false when the day was done already. */
  closeDigestDay(
    email: string,
    day: string,
    cursor: string | undefined,
    mail?: { id: string; subject: string; message: OutgoingMessage },
  ): Promise<boolean>;
}

export interface DigestDeps {
  digests: DigestStore;
  staffDirectory: Pick<StaffDirectoryStore, 'listStaff'>;
  mail: AlertMailSettings;
  clock: Clock;
  logger: Logger;
}

const MAX_ENTRIES = 500;

/** `2026-12-03` of the digest's time zone, and whether its 7:30 has passed. */
export function digestDay(now: Date): { day: string; due: boolean } {
  const local = new TZDate(now.getTime(), DIGEST_AT.timeZone);
  const day = `${local.getFullYear()}-${String(local.getMonth() + 1).padStart(2, '0')}-${String(local.getDate()).padStart(2, '0')}`;
  return { day, due: local.getHours() * 60 + local.getMinutes() >= DIGEST_AT.hour * 60 + DIGEST_AT.minute };
}

export async function sendDigests(deps: DigestDeps): Promise<{ sent: number; empty: number; done: number }> {
  const counts = { sent: 0, empty: 0, done: 0 };
  const { day, due } = digestDay(deps.clock.now());
  if (!due) return counts;
  const staff = (await deps.staffDirectory.listStaff()).filter((s) => s.active);
  for (const person of staff) {
    const email = person.email.toLowerCase();
    const state = await deps.digests.digestState(email);
    if (state.lastDay === day) {
      counts.done++;
      continue;
    }
    const entries = await deps.digests.digestEntries(email, state.cursor, MAX_ENTRIES);
    const cursor = entries.at(-1)?.cursor ?? state.cursor;
    const mail = entries.length > 0 ? renderDigest(deps.mail, person, day, entries) : undefined;
    if (await deps.digests.closeDigestDay(email, day, cursor, mail)) counts[mail ? 'sent' : 'empty']++;
    else counts.done++;
  }
  if (counts.sent > 0) deps.logger.info('daily digests', { day, ...counts });
  return counts;
}

export function renderDigest(
  settings: AlertMailSettings,
  to: Pick<Staff, 'email' | 'name'>,
  day: string,
  entries: DigestEntry[],
): { id: string; subject: string; message: OutgoingMessage } {
  const base = settings.adminUrl.replace(/\/$/, '');
  const groups = new Map<number, DigestEntry[]>();
  for (const e of entries) groups.set(e.ticket, [...(groups.get(e.ticket) ?? []), e]);
  const heading = (n: number, list: DigestEntry[]) => (n > 0 ? `Požadavek č. ${n}: ${list[0]!.about ?? ''}` : 'Bez požadavku');
  const link = (n: number, list: DigestEntry[]) =>
    n > 0 ? `${base}/tickets/${n}` : list.every((e) => e.entry.kind === 'access-request') ? `${base}/access-requests` : `${base}/unmatched`;
  const id = `digest-${day}-${to.email.toLowerCase().replace(/[^a-z0-9]/g, '0')}`.slice(0, 120);
  const subject = `[Softech] Denní přehled upozornění: ${eventCount(entries.length)}`;
  const text = [
    `Dobré ráno, ${to.name},\nod posledního přehledu se stalo: ${eventCount(entries.length)}.`,
    ...[...groups].map(([n, list]) =>
      [
        heading(n, list),
        ...list.map((e) => `${dayAndClock.format(new Date(e.entry.at))}  ${e.entry.line}`),
        `Otevřít: ${link(n, list)}`,
      ].join('\n'),
    ),
    `--\nSoftech Podpora: denní přehled pro ${to.name}\nNastavení upozornění: ${base}/account#upozorneni`,
  ].join('\n\n');
  const html = [
    '<!doctype html><html lang="cs"><body style="font-family:Arial,sans-serif;line-height:1.5;color:#1a1a1a">',
    `<p>Dobré ráno, ${escapeHtml(to.name)},<br>od posledního přehledu se stalo: ${escapeHtml(eventCount(entries.length))}.</p>`,
    ...[...groups].map(
      ([n, list]) =>
        `<h3 style="font-size:100%;margin-bottom:4px"><a href="${escapeHtml(link(n, list))}">${escapeHtml(heading(n, list))}</a></h3><ul style="margin-top:0">${list
          .map(
            (e) =>
              `<li><span style="color:#555">${escapeHtml(dayAndClock.format(new Date(e.entry.at)))}</span> ${escapeHtml(e.entry.line)}</li>`,
          )
          .join('')}</ul>`,
    ),
    `<p style="color:#666;font-size:90%">Softech Podpora: denní přehled pro ${escapeHtml(to.name)}<br><a href="${escapeHtml(base)}/account#upozorneni">Nastavení upozornění</a></p>`,
    '</body></html>',
  ].join('');
  const message = staffMessage(settings, { id, to: to.email, replyTo: settings.fromAddress, subject, text, html });
  return { id, subject, message };
}
