/**
 * The client API over fetch (docs/http-contract.md). Every failure becomes an ApiError with a code, including
 * the ones the server never sends: `network` (no answer) and `unavailable` (a proxy's HTML error page).
 */
import type { Quote } from '../../functions/core/model';
import type { accessRequestSchema } from '../../functions/core/accounts/bodies';
import type * as z from 'zod';
export interface ApiErrorBody {
  error?: { code?: string; message?: string; fields?: Record<string, string>; retryAfterSeconds?: number; reason?: string };
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly serverMessage: string | undefined,
    readonly fields: Record<string, string> = {},
    readonly retryAfterSeconds?: number,
    /** Why, where the code has reasons (weak_password: too_short, repeated, personal, guessable). */
    readonly reason?: string,
  ) {
    super(serverMessage ?? code);
    this.name = 'ApiError';
  }
}

export interface Client {
  ico: string;
  name: string;
  lastContactEmail?: string;
}

export interface Me {
  client: Client;
  mustChangePassword: boolean;
}

export interface TicketSummary {
  number: number;
  subject: string;
  category: string;
  status: string;
  createdAt: string;
}

/** A quote as the API sends it: always with the version an answer names. */
/** A page of the client's list; `next`/`prev` are opaque cursors of the neighbouring pages. */
export interface TicketPage {
  tickets: TicketSummary[];
  next?: string;
  prev?: string;
}

export type ClientQuote = Quote & { version: number };

export interface Ticket extends TicketSummary {
  contactEmail: string;
  description: string;
  quote?: ClientQuote;
}

export interface HistoryEvent {
  id: string;
  type: string;
  at: string;
  text?: string;
  from?: string;
  subject?: string;
  status?: string;
  attachmentIds?: string[];
  /** A mail that held more attachments than one mail may file: how many came and how many were stored. */
  attachmentsNotFiled?: { received: number; filed: number };
  /** Who wrote it; a staff member's name is shown. */
  by?: { kind: string; name?: string };
  /** For mail we sent: whether it has gone out (and, once SES reports it, arrived). */
  mail?: 'sent' | 'pending' | 'failed' | 'delivered' | 'bounced';
  /** What the portal words an event from: a quote and its answer; a status change's previous status and cause; a staff upload. */
  data?: Record<string, unknown>;
}

export interface Attachment {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  /** The history event (mail, upload) it came with, and its position among that event's files. */
  event?: { id: string; type: string; at: string; position: number; subject?: string };
}

export interface TicketDetail {
  ticket: Ticket;
  history: HistoryEvent[];
  attachments: Attachment[];
}

export interface CreatedTicket extends TicketSummary {
  contactEmail: string;
}

/** Session-wide reactions, installed by the app: expiry sends to login, a forced change to #/heslo. */
export interface ApiHooks {
  unauthenticated(): void;
  passwordChangeRequired(): void;
}

let hooks: ApiHooks = { unauthenticated() {}, passwordChangeRequired() {} };
export function setApiHooks(next: ApiHooks): void {
  hooks = next;
}

const TIMEOUT_MS = 20_000;

interface RequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
  /** false for calls where a 401 is an ordinary answer (login, the background session check). */
  sessionHooks?: boolean;
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: 'same-origin',
      cache: 'no-store',
      signal: controller.signal,
    });
  } catch {
    throw new ApiError(0, 'network', undefined);
  } finally {
    clearTimeout(timer);
  }
  if (response.status === 204) return undefined as T;
  let data: unknown;
  try {
    data = await response.json();
  } catch {
    data = undefined;
  }
  if (response.ok) return data as T;
  throw toError(response, data, options.sessionHooks !== false);
}

function toError(response: Response, data: unknown, sessionHooks: boolean): ApiError {
  const body = (data ?? {}) as ApiErrorBody;
  const fallbackCode = response.status >= 500 ? 'unavailable' : 'bad_request';
  const code = typeof body.error?.code === 'string' ? body.error.code : fallbackCode;
  const headerRetry = Number(response.headers.get('Retry-After'));
  const retryAfter = body.error?.retryAfterSeconds ?? (Number.isFinite(headerRetry) && headerRetry > 0 ? headerRetry : undefined);
  const error = new ApiError(response.status, code, body.error?.message, body.error?.fields ?? {}, retryAfter, body.error?.reason);
  if (sessionHooks && code === 'unauthenticated') hooks.unauthenticated();
  if (sessionHooks && code === 'password_change_required') hooks.passwordChangeRequired();
  return error;
}

/** True for errors a session hook has already dealt with by navigating away. */
export function handledBySession(error: unknown): boolean {
  return error instanceof ApiError && (error.code === 'unauthenticated' || error.code === 'password_change_required');
}

export const api = {
  me: () => request<Me>('GET', '/api/me', { sessionHooks: false }),
  login: (ico: string, password: string) => request<Me>('POST', '/api/login', { body: { ico, password }, sessionHooks: false }),
  logout: () => request<void>('POST', '/api/logout', { body: {}, sessionHooks: false }),
  changePassword: (currentPassword: string, newPassword: string) =>
    request<void>('POST', '/api/password', { body: { currentPassword, newPassword } }),
  createTicket: (input: { contactEmail: string; category: string; subject: string; description: string }, idempotencyKey: string) =>
    request<CreatedTicket>('POST', '/api/tickets', { body: input, headers: { 'Idempotency-Key': idempotencyKey } }),
  /** The client's list, a page: filtered by status (`open`: still being worked on), searched by number or subject words. */
  tickets: (query: { status?: string; q?: string; cursor?: string } = {}) => {
    const params = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => !!e[1]));
    const qs = params.toString();
    return request<TicketPage>('GET', `/api/tickets${qs ? `?${qs}` : ''}`);
  },
  ticket: (n: number) => request<TicketDetail>('GET', `/api/tickets/${n}`),
  /** Answers the quote the page shows, by its version: a quote replaced meanwhile answers 409 `quote_changed`. */
  respondToQuote: (n: number, accept: boolean, quoteVersion: number) =>
    request<{ ticket: Ticket }>('POST', `/api/tickets/${n}/acceptance`, { body: { accept, quoteVersion } }),
  requestAccess: (input: z.input<typeof accessRequestSchema>) =>
    request<unknown>('POST', '/api/access-requests', { body: input, sessionHooks: false }),
};

export function attachmentUrl(ticketNumber: number, attachmentId: string): string {
  return `/api/tickets/${ticketNumber}/attachments/${encodeURIComponent(attachmentId)}`;
}
