/**
 * What the portal keeps in the browser. sessionStorage (this tab only, gone when it closes) holds the
 * request draft, where to return after login, and who we believe is logged in; localStorage only the
 * language. Storage can be unavailable (privacy modes), so every access tolerates failure.
 */
import type { Client } from './api.js';
import { isLang, type Lang } from './i18n/index.js';

const KEYS = {
  lang: 'softech.lang',
  sessionFlag: 'softech.signedIn',
  client: 'softech.client',
  draft: 'softech.draft',
  returnTo: 'softech.returnTo',
  mustChange: 'softech.mustChangePassword',
} as const;

function read(store: () => Storage, key: string): string | null {
  try {
    return store().getItem(key);
  } catch {
    return null;
  }
}

function write(store: () => Storage, key: string, value: string | null): void {
  try {
    if (value === null) store().removeItem(key);
    else store().setItem(key, value);
  } catch {
    // Storage full or blocked: the portal still works, it just cannot remember.
  }
}

const session = () => window.sessionStorage;
const local = () => window.localStorage;

function readJson<T>(key: string): T | null {
  const raw = read(session, key);
  if (!raw) return null;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return null;
  }
}

export function savedLang(): Lang | null {
  const value = read(local, KEYS.lang);
  return isLang(value) ? value : null;
}

export function saveLang(value: Lang): void {
  write(local, KEYS.lang, value);
}

/**
 * Whether this browser has logged in and not out. The session cookie is HttpOnly, so this flag is
 * how the portal knows a GET /api/me is worth asking: a first visit makes no API call at all (and
 * logs no 401 in the console). Holds no personal data, so it may outlive the tab.
 */
export function hasSessionFlag(): boolean {
  return read(local, KEYS.sessionFlag) === '1';
}

export function saveSessionFlag(signedIn: boolean): void {
  write(local, KEYS.sessionFlag, signedIn ? '1' : null);
}

export function savedClient(): Client | null {
  const client = readJson<Client>(KEYS.client);
  return client && typeof client.ico === 'string' && typeof client.name === 'string' ? client : null;
}

export function saveClient(client: Client | null): void {
  write(session, KEYS.client, client ? JSON.stringify(client) : null);
}

export function savedMustChangePassword(): boolean {
  return read(session, KEYS.mustChange) === '1';
}

export function saveMustChangePassword(value: boolean): void {
  write(session, KEYS.mustChange, value ? '1' : null);
}

export function savedReturnTo(): string | null {
  const value = read(session, KEYS.returnTo);
  return value?.startsWith('#/') ? value : null;
}

export function saveReturnTo(route: string | null): void {
  write(session, KEYS.returnTo, route);
}

export interface Draft {
  ico: string;
  contactEmail: string;
  category: string;
  subject: string;
  description: string;
  /** One key per draft, kept until the server confirms: a retry or a double click makes one ticket. */
  idempotencyKey: string;
}

export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The draft of this client, or null; a draft left by another client in this tab is never shown. */
export function savedDraft(ico: string): Draft | null {
  const draft = readJson<Draft>(KEYS.draft);
  return draft && draft.ico === ico && typeof draft.idempotencyKey === 'string' ? draft : null;
}

export function saveDraft(draft: Draft | null): void {
  write(session, KEYS.draft, draft ? JSON.stringify(draft) : null);
}

export function draftHasContent(draft: Draft | null): boolean {
  return !!draft && (draft.subject.trim() !== '' || draft.description.trim() !== '' || draft.category !== '');
}
