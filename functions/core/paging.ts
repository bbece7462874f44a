import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ListPosition, Page, PageRequest } from './ports';
import { Refusal } from './refusal';

/**
 * Cursors: a page's place in a list as it travels in a URL (`?po=…`, `?pred=…`, the API's
 * `cursor`). The store's position (an index key) is wrapped with the list it belongs to and when
 * it was issued, and signed: a cursor cannot be edited into another partition, carried to another
 * list or another client's tickets, or kept for longer than CURSOR_TTL_MS. Anything else is
 * refused as `bad_cursor` (400).
 */
export const CURSOR_TTL_MS = 12 * 60 * 60 * 1000;

/** Rows a page of the admin's lists (clients, access requests, unmatched and failed mail). */
export const LIST_PAGE_SIZE = 50;

export interface Cursors {
  /** The signing key (derived from the deployment's secret, wiring/app.ts). */
  key: string;
}

interface Payload {
  /** The list: its kind and scope, e.g. `queue:new`, `client:27082440`. */
  l: string;
  /** `a`: the page after the position; `b`: the page before it. */
  d: 'a' | 'b';
  p: ListPosition;
  /** Issued, epoch seconds. */
  t: number;
}

const sign = (key: string, body: string) => createHmac('sha256', key).update(`cursor\0${body}`).digest('base64url');

export function encodeCursor(c: Cursors, list: string, direction: 'after' | 'before', position: ListPosition, now: Date): string {
  const payload: Payload = { l: list, d: direction === 'after' ? 'a' : 'b', p: position, t: Math.floor(now.getTime() / 1000) };
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${sign(c.key, body)}`;
}

/** The page a cursor asks for in `list`; no cursor is the first page. Throws `bad_cursor`. */
export function decodeCursor(c: Cursors, list: string, cursor: string | undefined, limit: number, now: Date): PageRequest {
  if (cursor === undefined || cursor === '') return { limit };
  const [body, mac, extra] = cursor.split('.');
  if (!body || !mac || extra !== undefined || cursor.length > 2000) throw new Refusal('bad_cursor');
  const expected = Buffer.from(sign(c.key, body));
  const given = Buffer.from(mac);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new Refusal('bad_cursor');
  let payload: Payload;
  try {
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Payload;
  } catch {
    throw new Refusal('bad_cursor');
  }
  const age = now.getTime() - payload.t * 1000;
  if (payload.l !== list || age > CURSOR_TTL_MS || age < -60_000 || typeof payload.p !== 'object' || payload.p === null)
    throw new Refusal('bad_cursor');
  return payload.d === 'a' ? { limit, after: payload.p } : { limit, before: payload.p };
}

/** A store's page with its positions signed for the URL. */
export interface CursorPage<T> {
  items: T[];
  next?: string;
  prev?: string;
}

/**
 * A page cut from rows all read already (a list bounded by open work, not by history), ordered by
 * a unique `key` (reversed unless `forward`): positions are keys, so a page stays put while rows
 * are added, as a store's page does.
 */
export function pageOfRows<T>(
  rows: T[],
  key: (t: T) => string,
  forward: boolean,
  req: PageRequest,
  compare: (a: string, b: string) => number = (a, b) => (a < b ? -1 : a > b ? 1 : 0),
): Page<T> {
  const ordered = [...rows].sort((a, b) => (forward ? compare(key(a), key(b)) : compare(key(b), key(a))));
  const at = (p: ListPosition) => String(p.key);
  const position = (t: T): ListPosition => ({ key: key(t) });
  const sign = forward ? 1 : -1;
  if (req.before) {
    const k = at(req.before);
    const earlier = ordered.filter((t) => sign * compare(key(t), k) < 0);
    const shown = earlier.slice(Math.max(0, earlier.length - req.limit));
    return {
      items: shown,
      ...(earlier.length > req.limit && { prev: position(shown[0]!) }),
      ...(shown.length > 0 && { next: position(shown.at(-1)!) }),
    };
  }
  const k = req.after && at(req.after);
  const rest = k === undefined ? ordered : ordered.filter((t) => sign * compare(key(t), k) > 0);
  const shown = rest.slice(0, req.limit);
  return {
    items: shown,
    ...(rest.length > req.limit && { next: position(shown.at(-1)!) }),
    ...(req.after && shown.length > 0 && { prev: position(shown[0]!) }),
  };
}

/** The page of `list` a cursor asks for, read by `read`, with its neighbours' cursors. Throws `bad_cursor` before reading. */
export async function cursorPage<T>(
  c: Cursors,
  list: string,
  cursor: string | undefined,
  now: Date,
  read: (req: PageRequest) => Promise<Page<T>>,
  limit = LIST_PAGE_SIZE,
): Promise<CursorPage<T>> {
  const req = decodeCursor(c, list, cursor, limit, now);
  return withCursors(c, list, await read(req), now);
}

export function withCursors<T>(c: Cursors, list: string, page: Page<T>, now: Date): CursorPage<T> {
  return {
    items: page.items,
    ...(page.next && { next: encodeCursor(c, list, 'after', page.next, now) }),
    ...(page.prev && { prev: encodeCursor(c, list, 'before', page.prev, now) }),
  };
}
