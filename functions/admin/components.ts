import type { Actor, Ticket } from '../core/model';
import type { Status } from '../core/model';
import { categoryLabels } from '../shared/messages.cs';
import { adminErrors } from '../shared/messages-admin.cs';
import { staffStatusLabels } from '../core/labels.cs';
import type { CursorPage } from '../core/paging';
import { adminPath, html, type HtmlValue, type SafeHtml } from './html';

/** Small pieces every admin page uses: dates, badges, form fields. */

/**
 * Made on first use, not at import: a process's first Intl object initialises ICU, ~15 ms that
 * the requests showing no date (sign-in, stylesheet, icon) need not wait for. bench/bundles.ts
 * times the admin's import both without it and with the first date shown.
 */
let pragueFormats: { dateTime: Intl.DateTimeFormat; dateOnly: Intl.DateTimeFormat } | undefined;
const formats = () =>
  (pragueFormats ??= {
    dateTime: new Intl.DateTimeFormat('cs-CZ', {
      timeZone: 'Europe/Prague',
      day: 'numeric',
      month: 'numeric',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
    }),
    dateOnly: new Intl.DateTimeFormat('cs-CZ', { timeZone: 'Europe/Prague', day: 'numeric', month: 'numeric', year: 'numeric' }),
  });

export const formatDateTime = (iso: string | undefined) => (iso ? formats().dateTime.format(new Date(iso)) : '');
export const formatDate = (iso: string | undefined) => (iso ? formats().dateOnly.format(new Date(iso)) : '');

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} kB`;
  return `${(bytes / 1024 / 1024).toFixed(1).replace('.', ',')} MB`;
}

export const timeTag = (iso: string | undefined) => html`<time datetime="${iso ?? ''}">${formatDateTime(iso)}</time>`;

export const statusBadge = (status: Status) => html`<span class="badge s-${status}">${staffStatusLabels[status]}</span>`;

export const categoryLabel = (category: Ticket['category']) => categoryLabels[category] ?? category;

export function ticketBadges(t: Ticket): SafeHtml {
  return html`${t.category === 'service-express' ? html`<span class="badge express">EXPRES</span> ` : ''}${
    t.attention ? html`<span class="badge attention">nová zpráva klienta</span>` : ''
  }`;
}

export function actorLabel(actor: Actor, staffNames: Map<string, string> = new Map()): string {
  switch (actor.kind) {
    case 'staff':
      return actor.name || staffNames.get(actor.email) || actor.email;
    case 'client':
      return `klient (IČ ${actor.ico})`;
    case 'email':
      return actor.from || 'neznámý odesílatel';
    default:
      return 'systém';
  }
}

export const csrfField = (csrf: string) => html`<input type="hidden" name="_csrf" value="${csrf}">`;

interface FieldOptions {
  label: string;
  name: string;
  type?: 'text' | 'email' | 'password' | 'number' | 'date' | 'search' | 'textarea';
  value?: string | number | undefined;
  error?: string | undefined;
  hint?: string;
  required?: boolean;
  maxlength?: number;
  autocomplete?: string;
  attrs?: SafeHtml;
  id?: string;
}

/** A labelled input with its hint and error tied to it for screen readers. */
export function field(o: FieldOptions): SafeHtml {
  const id = o.id ?? `f-${o.name}`;
  const describedBy = [o.hint ? `${id}-hint` : '', o.error ? `${id}-error` : ''].filter(Boolean).join(' ');
  const common = html`id="${id}" name="${o.name}"${o.required ? html` required` : ''}${o.maxlength ? html` maxlength="${o.maxlength}"` : ''}${
    o.autocomplete ? html` autocomplete="${o.autocomplete}"` : ''
  }${describedBy ? html` aria-describedby="${describedBy}"` : ''}${o.error ? html` aria-invalid="true"` : ''}${o.attrs ?? ''}`;
  const control =
    o.type === 'textarea'
      ? html`<textarea ${common}>${o.value ?? ''}</textarea>`
      : html`<input type="${o.type ?? 'text'}" ${common} value="${o.value ?? ''}">`;
  return html`<div class="field"><label for="${id}">${o.label}</label>${o.hint ? html`<span class="hint" id="${id}-hint">${o.hint}</span>` : ''}${control}${
    o.error ? html`<span class="error" id="${id}-error">${o.error}</span>` : ''
  }</div>`;
}

export function select(o: {
  label: string;
  name: string;
  options: ReadonlyArray<readonly [string, string]>;
  value?: string | undefined;
  id?: string;
  hint?: string;
  error?: string | undefined;
}): SafeHtml {
  const id = o.id ?? `f-${o.name}`;
  const describedBy = [o.hint ? `${id}-hint` : '', o.error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return html`<div class="field"><label for="${id}">${o.label}</label>${o.hint ? html`<span class="hint" id="${id}-hint">${o.hint}</span>` : ''}<select id="${id}" name="${o.name}"${
    describedBy ? html` aria-describedby="${describedBy}"` : ''
  }${o.error ? html` aria-invalid="true"` : ''}>${o.options.map(
    ([v, l]) => html`<option value="${v}"${v === (o.value ?? '') ? html` selected` : ''}>${l}</option>`,
  )}</select>${o.error ? html`<span class="error" id="${id}-error">${o.error}</span>` : ''}</div>`;
}

/**
 * One form sent back after invalid input: which form (a page may hold several), what was typed
 * and the message for each field, so the page shows it again as it was, with the errors marked.
 */
export interface FormState {
  form: string;
  values: Record<string, string>;
  fields: Record<string, string>;
}

/** What a page needs from a FormState for one of its forms: the typed value and the error of a field. */
export function formInput(state: FormState | undefined, form: string) {
  const mine = state?.form === form ? state : undefined;
  return {
    value: (name: string): string | undefined => mine?.values[name],
    error: (name: string): string | undefined => mine?.fields[name],
  };
}

/**
 * The summary at the top of a page sent back with errors: every message, each a link to its field
 * (`ids`: field name → control id). A message with no control on the page is listed without a link.
 */
export function errorSummary(fields: Record<string, string> | undefined, ids: Record<string, string> = {}): HtmlValue {
  if (!fields || Object.keys(fields).length === 0) return '';
  return html`<div class="flash error error-summary" role="alert" aria-labelledby="error-summary-title">
    <h2 id="error-summary-title">${adminErrors.validation_failed}</h2>
    <ul>${Object.entries(fields).map(([name, message]) => html`<li>${ids[name] ? html`<a href="#${ids[name]}">${message}</a>` : message}</li>`)}</ul></div>`;
}

/** How many files a list shows before the rest fold away (a ticket may hold a thousand). */
const FILES_SHOWN = 10;

/** `items` in a list of class `cls`, the ones past the first FILES_SHOWN inside a closed <details>. */
export function foldedList(tag: 'ul' | 'ol', cls: string, items: SafeHtml[]): HtmlValue {
  const list = (part: SafeHtml[]) => (tag === 'ul' ? html`<ul class="${cls}">${part}</ul>` : html`<ol class="${cls}">${part}</ol>`);
  if (items.length <= FILES_SHOWN) return list(items);
  return html`${list(items.slice(0, FILES_SHOWN))}<details class="more-files"><summary>Další přílohy (${items.length - FILES_SHOWN})</summary>${list(items.slice(FILES_SHOWN))}</details>`;
}

/** A list's rows, or its empty line: on a page cut short by a filter that has a next one, a word that there is more. */
export function pagedRows<T>(page: CursorPage<T>, colspan: number, empty: string, row: (item: T) => SafeHtml): HtmlValue {
  if (page.items.length) return page.items.map(row);
  const text = page.next ? 'Na této stránce nic, pokračujte na další.' : empty;
  return html`<tr><td colspan="${colspan}" class="empty">${text}</td></tr>`;
}

/** *Předchozí / Další* under a list of the admin (a CursorPage), its links to `path` with `query` kept. */
export function listPager(
  page: CursorPage<unknown>,
  strana: string | undefined,
  path: string[],
  query: Record<string, string | undefined> = {},
) {
  return pager({ prev: page.prev, next: page.next, paged: !!strana, href: (s) => adminPath(path, { ...query, strana: s }) });
}

/** *Předchozí / Další* under a paged list: links carrying the page's cursor (`strana`), the rest of the query kept. */
export function pager(o: { prev?: string | undefined; next?: string | undefined; href: (strana?: string) => string; paged: boolean }) {
  if (!o.prev && !o.next && !o.paged) return '';
  return html`<nav class="pager" aria-label="Stránky seznamu">${
    o.prev ? html`<a href="${o.href(o.prev)}" rel="prev">← Předchozí</a>` : html`<span class="muted">← Předchozí</span>`
  }${o.paged ? html` <a href="${o.href()}">Na začátek</a>` : ''} ${
    o.next ? html`<a href="${o.href(o.next)}" rel="next">Další →</a>` : html`<span class="muted">Další →</span>`
  }</nav>`;
}
