import { agreedDeadlineState, deadlineWords, firstResponseState, type DeadlineState } from '../../core/deadlines/deadline-state';
import type { ReplyTemplate } from '../../core/templates/templates';
import { attachmentsInOrder, type FiledAttachment } from '../../core/tickets/attachment-order';
import {
  quoteVersion,
  type Attachment,
  type Client,
  type HistoryEvent,
  type OutboxMail,
  type Staff,
  type WorkEntry,
} from '../../core/model';
import type { WorkTotals } from '../../core/billing/work-log';
import { workEventBody, workLogSection } from './work-log';
import { formatDeadline, formatPrice } from '../../core/mail-out/outbound-mail';
import type { TicketView } from '../../core/ports';
import type { StaffRef } from '../../core/accounts/staff-accounts';
import { manualStatuses, replyAfterStatuses } from '../../core/tickets/forms';
import { MAX_UPLOAD_BYTES, pragueDay as pragueDayOf } from '../../core/tickets/staff-tickets';
import { attachmentsNotFiledText, deliveryLabels, outboxKindLabels, vatLabels } from '../../shared/messages-admin.cs';
import { outboxStateLabels, staffStatusLabels } from '../../core/labels.cs';
import { adminPath, html, type HtmlValue, type SafeHtml } from '../html';
import {
  actorLabel,
  categoryLabel,
  csrfField,
  errorSummary,
  field,
  foldedList,
  formatSize,
  formInput,
  select,
  statusBadge,
  ticketBadges,
  timeTag,
  type FormState,
} from '../components';

const TYPE_LABELS: Record<HistoryEvent['type'], string> = {
  created: 'Požadavek založen',
  'email-in': 'E-mail od klienta',
  'email-out': 'E-mail klientovi',
  message: 'Zpráva',
  note: 'Interní poznámka',
  status: 'Změna stavu',
  assignment: 'Přidělení',
  quote: 'Nabídka ceny a termínu',
  acceptance: 'Odpověď klienta na nabídku',
  delivery: 'Doručení e-mailu',
  work: 'Odpracovaný čas',
};

interface Ctx {
  n: number;
  attachments: Map<string, Attachment>;
  outbox: Map<string, OutboxMail>;
  names: Map<string, string>;
}

function files(ids: string[] | undefined, ctx: Ctx): HtmlValue {
  const list = (ids ?? []).map((id) => ctx.attachments.get(id)).filter((a): a is Attachment => !!a);
  if (list.length === 0) return '';
  return foldedList(
    'ul',
    'files',
    list.map(
      (a) =>
        html`<li><a href="${adminPath(['tickets', ctx.n, 'attachments', a.id])}">${a.filename}</a> <span class="muted">${formatSize(a.size)}</span></li>`,
    ),
  );
}

/** The ticket's files oldest mail first, each with the event it came with beside it. */
function ticketFiles(list: FiledAttachment[], ctx: Ctx): HtmlValue {
  if (list.length === 0) return html`<p class="muted">Žádné přílohy.</p>`;
  return foldedList(
    'ol',
    'file-list',
    list.map(
      ({ attachment: a, event }) =>
        html`<li><a href="${adminPath(['tickets', ctx.n, 'attachments', a.id])}">${a.filename}</a> <span class="muted">${formatSize(a.size)}${
          a.source === 'staff-upload' ? ' · nahráno pracovníkem' : ''
        }${event ? html` · <a href="#e-${event.id}">${TYPE_LABELS[event.type] ?? event.type} ${timeTag(event.at)}</a>` : ''}</span></li>`,
    ),
  );
}

type NotFiled = { received: number; filed: number; limit: number };
const notFiled = (e: HistoryEvent) => e.data?.attachmentsNotFiled as NotFiled | undefined;

/** Mails whose attachments went past the per-mail limit, said at the top of the page with the raw mail a click away. */
function notFiledAlert(events: HistoryEvent[], ctx: Ctx): HtmlValue {
  const short = events.filter((e) => e.type === 'email-in' && notFiled(e));
  if (short.length === 0) return '';
  return html`<div class="flash error" id="attachments-not-filed" role="alert">${short.map(
    (e) =>
      html`<p><strong>Přílohy nejsou uložené všechny.</strong> ${attachmentsNotFiledText(
        notFiled(e)!,
      )} <a href="${adminPath(['tickets', ctx.n, 'emails', e.id, 'raw'])}">Stáhnout původní zprávu (.eml)</a> (otevřete ji v poštovním programu a zbylé přílohy uložte z ní) · <a href="#e-${e.id}">zpráva v historii ${timeTag(e.at)}</a></p>`,
  )}</div>`;
}

function delivery(mail: OutboxMail | undefined): HtmlValue {
  if (!mail) return '';
  const cls = mail.state === 'sent' ? 'sent' : mail.state === 'failed' ? 'failed' : 'pending';
  const report = mail.delivery;
  return html`<span class="badge ${cls}">${outboxStateLabels[mail.state]}</span>${
    report
      ? html` <span class="badge ${report.kind === 'delivered' ? 'sent' : report.kind === 'delayed' ? 'pending' : 'failed'}">${deliveryLabels[report.kind]}</span>`
      : ''
  }${mail.state === 'failed' && mail.lastError ? html` <span class="warn">Chyba: ${mail.lastError}</span>` : ''}${
    report?.detail && report.kind !== 'delivered' ? html` <span class="warn">${report.detail}</span>` : ''
  }`;
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
/** The first response and the agreed deadline: due when, and met, missed, or how long is left (business time). */
function deadlineFacts(t: TicketView['ticket'], now: Date): SafeHtml {
  const first = firstResponseState(t, now);
  const agreed = agreedDeadlineState(t, now);
  const words = (s: DeadlineState) =>
    html`<strong class="${s.state === 'late' || s.state === 'missed' ? 'warn' : ''}">${deadlineWords(s)}</strong>`;
  return html`${
    first
      ? html`<dt>První odpověď</dt><dd id="first-response">${
          first.state === 'met' || first.state === 'missed'
            ? html`${timeTag(first.at.toISOString())} · ${words(first)} (do ${timeTag(t.firstResponseDue)})`
            : html`do ${timeTag(t.firstResponseDue)} · ${words(first)}`
        }</dd>`
      : ''
  }${
    agreed && t.quote
      ? html`<dt>Dohodnutý termín</dt><dd id="agreed-deadline">${formatDeadline(t.quote.deadline)} (do ${timeTag(agreed.due.toISOString())}) · ${words(agreed)}${
          agreed.state === 'met' || agreed.state === 'missed' ? html`, vyřešeno ${timeTag(agreed.at.toISOString())}` : ''
        }</dd>`
      : ''
  }`;
}

/** "nabídka č. 2: " for an answer that records its quote's version (older ones do not). */
const quoteNumber = (d: Record<string, unknown>) => (typeof d.version === 'number' ? `nabídka č. ${d.version}: ` : '');

function eventBody(e: HistoryEvent, ctx: Ctx): HtmlValue {
  const d = e.data ?? {};
  switch (e.type) {
    case 'created':
      return html`<p>Klient založil požadavek „${e.subject ?? ''}“ (zadání viz výše).</p>`;
    case 'email-in': {
      const full = str(d.fullText);
      return html`<p class="muted">Od: ${e.actor.kind === 'email' ? e.actor.from : ''}${e.subject ? html` · Předmět: ${e.subject}` : ''}</p>
        ${d.virus ? html`<p class="warn">Zpráva obsahovala virus: přílohy nebyly uloženy.</p>` : ''}
        ${d.automatic ? html`<p><span class="badge">automatická zpráva</span></p>` : ''}
        <pre class="text">${e.text ?? ''}</pre>
        ${full && full !== e.text ? html`<details><summary>Celý text včetně citované historie</summary><pre class="text">${full}</pre></details>` : ''}
        ${notFiled(e) ? html`<p class="warn">${attachmentsNotFiledText(notFiled(e)!)}</p>` : ''}
        ${files(e.attachmentIds, ctx)}
        ${
          str(d.rawKey)
            ? html`<p><a href="${adminPath(['tickets', ctx.n, 'emails', e.id, 'raw'])}">Stáhnout původní zprávu (.eml)</a>${
                d.matchedBy === 'staff' ? html` <span class="muted">· přiřazeno ručně z nepřiřazené pošty</span>` : ''
              }</p>`
            : ''
        }`;
    }
    case 'email-out': {
      const mail = e.outboxId ? ctx.outbox.get(e.outboxId) : undefined;
      const kind = str(d.kind) ?? mail?.kind;
      return html`<p class="muted">Komu: ${mail?.to.join(', ') ?? ''}${e.subject ? html` · Předmět: ${e.subject}` : ''}${
        kind && kind in outboxKindLabels ? html` · ${outboxKindLabels[kind as keyof typeof outboxKindLabels]}` : ''
      }</p>
        ${e.text ? html`<pre class="text">${e.text}</pre>` : ''}
        <p>${delivery(mail)}</p>`;
    }
    case 'note':
      if (d.viaAlertReply === true) {
        const extra = typeof d.attachmentsNotKept === 'number' ? d.attachmentsNotKept : 0;
        return html`<p class="muted">Odpověď na upozornění e-mailem (jen pro pracovníky)</p><pre class="text">${e.text ?? ''}</pre>
          ${extra > 0 ? html`<p class="warn">Přílohy odpovědi (${extra}) nebyly k poznámce uloženy; jsou v původní zprávě.</p>` : ''}
          <p><a href="${adminPath(['tickets', ctx.n, 'emails', e.id, 'raw'])}">Stáhnout původní zprávu (.eml)</a></p>`;
      }
      return html`${e.text ? html`<pre class="text">${e.text}</pre>` : ''}${files(e.attachmentIds, ctx)}`;
    case 'message':
    case 'delivery':
      return html`${e.text ? html`<pre class="text">${e.text}</pre>` : d.upload ? html`<p>Přiložen soubor:</p>` : ''}${files(e.attachmentIds, ctx)}`;
    case 'status':
      return html`<p>${str(d.from) ? html`${staffStatusLabels[d.from as keyof typeof staffStatusLabels] ?? ''} → ` : ''}<strong>${e.status ? staffStatusLabels[e.status] : ''}</strong>${
        d.cause === 'client-reply' ? ' (znovu otevřeno odpovědí klienta)' : ''
      }</p>${e.text ? html`<pre class="text">${e.text}</pre>` : ''}`;
    case 'assignment':
      return html`<p>${d.to ? html`Přiděleno pracovníkovi <strong>${str(d.toName) ?? ctx.names.get(String(d.to)) ?? String(d.to)}</strong>` : 'Přidělení zrušeno'}</p>`;
    case 'quote':
      return html`<p>${typeof d.version === 'number' ? `Nabídka č. ${d.version}: cena` : 'Cena'} <strong>${formatPrice(Number(d.price))} ${vatLabels[d.vat as 'with' | 'without'] ?? ''}</strong>, termín <strong>${formatDeadline(String(d.deadline))}</strong></p>${
        str(d.note) ? html`<pre class="text">${str(d.note)}</pre>` : ''
      }`;
    case 'work':
      return workEventBody(e);
    case 'acceptance':
      return html`<p>Klient nabídku <strong>${d.accepted ? 'přijal' : 'odmítl'}</strong> (${quoteNumber(d)}${formatPrice(Number(d.price))} ${vatLabels[d.vat as 'with' | 'without'] ?? ''}, termín ${formatDeadline(String(d.deadline))}).</p>`;
    default:
      return e.text ? html`<pre class="text">${e.text}</pre>` : '';
  }
}

function eventItem(e: HistoryEvent, ctx: Ctx): SafeHtml {
  return html`<li class="${e.type}" id="e-${e.id}"><div class="meta"><strong>${TYPE_LABELS[e.type] ?? e.type}</strong><span>${actorLabel(e.actor, ctx.names)}</span><span>${timeTag(e.at)}</span></div>${eventBody(e, ctx)}</li>`;
}

/** The controls of each form on the ticket page by field name (the error summary links to them). */
export const ticketFormIds = {
  // biome-ignore lint/suspicious/noThenProperty: `then` is the reply form's field (the status after the reply); this object is never awaited
  reply: { text: 'reply-text', then: 'reply-then' },
  note: { text: 'note-text' },
  attachments: { file: 'upload-file' },
  assign: { assignee: 'assign-to' },
  status: { status: 'status-to', reason: 'status-reason' },
  quote: { price: 'quote-price', vat: 'quote-vat', deadline: 'quote-deadline', note: 'quote-note' },
  close: { outcome: 'close-outcome', reason: 'close-reason' },
  work: { date: 'work-date', minutes: 'work-minutes', description: 'work-description' },
  'work-edit': { date: 'work-edit-date', minutes: 'work-edit-minutes', description: 'work-edit-description' },
} satisfies Record<string, Record<string, string>>;
export type TicketForm = keyof typeof ticketFormIds;

export function ticketBody(o: {
  view: TicketView;
  staff: Staff[];
  client?: Client | undefined;
  /** The ticket's work log and its totals (staff only). */
  work?: { entries: WorkEntry[]; totals: WorkTotals };
  me: StaffRef;
  csrf: string;
  form?: FormState | undefined;
  /** The reply templates, each with its text filled from this ticket. */
  templates?: Array<ReplyTemplate & { filled: string }>;
  pickedTemplate?: string | undefined;
  /** The time deadlines are measured against (the core's clock). */
  now?: Date;
}) {
  const { ticket: t } = o.view;
  const n = t.number;
  const ctx: Ctx = {
    n,
    attachments: new Map(o.view.attachments.map((a) => [a.id, a])),
    outbox: new Map(o.view.outbox.map((m) => [m.id, m])),
    names: new Map(o.staff.map((s) => [s.email, s.name])),
  };
  const finished = t.status === 'closed' || t.status === 'cancelled';
  const action = (name: string) => adminPath(['tickets', n, name]);
  const csrf = csrfField(o.csrf);
  const assigneeName = t.assignee ? (ctx.names.get(t.assignee) ?? t.assignee) : undefined;
  const typed = (form: TicketForm) => formInput(o.form, form);
  const [reply, note, assign, status, quoteForm, close] = [
    typed('reply'),
    typed('note'),
    typed('assign'),
    typed('status'),
    typed('quote'),
    typed('close'),
  ];
  const uploadError = typed('attachments').error('file');

  const main = html`<div>
    <section class="card" aria-labelledby="h-request"><h2 id="h-request">Zadání</h2>
      <dl class="facts">
        <dt>Druh požadavku</dt><dd>${categoryLabel(t.category)}</dd>
        <dt>Přijato</dt><dd>${timeTag(t.createdAt)}</dd>
        ${deadlineFacts(t, o.now ?? new Date())}
        ${t.resolvedAt ? html`<dt>Vyřešeno</dt><dd id="resolved-at">${timeTag(t.resolvedAt)}</dd>` : ''}
        <dt>E-mail pro komunikaci</dt><dd>${t.contactEmail}</dd>
      </dl>
      <h3 class="muted">Podrobnější specifikace zadání</h3>
      <pre class="text" id="description">${t.description}</pre>
    </section>
    <section aria-labelledby="h-history"><h2 id="h-history">Historie komunikace</h2>
      <ol class="thread">${o.view.events.map((e) => eventItem(e, ctx))}</ol>
    </section>
    <section class="card" aria-labelledby="h-reply"><h2 id="h-reply">Odpovědět klientovi e-mailem</h2>
      ${
        finished
          ? html`<p class="muted">Požadavek je uzavřený; pro odpověď jej nejprve znovu otevřete změnou stavu.</p>`
          : html`
      ${
        o.templates?.length
          ? html`<form class="row template-pick" method="get" action="${adminPath(['tickets', n])}#h-reply">
        ${select({
          label: 'Šablona odpovědi',
          name: 'sablona',
          id: 'reply-template',
          value: o.pickedTemplate,
          options: o.templates.map((tpl) => [tpl.id, tpl.name] as const),
        })}
        <div><button type="submit" class="secondary">Vložit</button></div></form>
      <div hidden id="template-texts">${o.templates.map((tpl) => html`<span data-id="${tpl.id}" data-text="${tpl.filled}"></span>`)}</div>`
          : ''
      }
      <form class="stack" method="post" action="${action('reply')}">${csrf}
        <p class="hint">Odejde na ${t.contactEmail} s předmětem „[Softech #${n}] ${t.subject}“; odpověď klienta se k požadavku přiřadí sama.</p>
        ${field({ label: 'Text zprávy', name: 'text', type: 'textarea', required: true, maxlength: 8000, id: 'reply-text', value: reply.value('text'), error: reply.error('text') })}
        <div class="row">
          ${select({
            label: 'Stav po odeslání',
            name: 'then',
            id: 'reply-then',
            error: reply.error('then'),
            value: reply.value('then') ?? (['new', 'assigned'].includes(t.status) ? 'waiting-for-client' : ''),
            options: [
              ['', `beze změny (${staffStatusLabels[t.status]})`],
              ...replyAfterStatuses.map((s) => [s, staffStatusLabels[s]] as const),
            ],
          })}
        </div>
        <div><button type="submit">Odeslat klientovi</button></div>
      </form>`
      }
    </section>
    <section class="card" aria-labelledby="h-note"><h2 id="h-note">Interní poznámka</h2>
      <form class="stack" method="post" action="${action('note')}">${csrf}
        ${field({ label: 'Poznámka', name: 'text', type: 'textarea', required: true, maxlength: 8000, hint: 'Vidí ji jen pracovníci Softechu; klientovi se nikdy neposílá.', id: 'note-text', value: note.value('text'), error: note.error('text') })}
        <div><button type="submit" class="secondary">Uložit poznámku</button></div>
      </form>
    </section>
    ${workLogSection({
      n,
      entries: o.work?.entries ?? [],
      totals: o.work?.totals ?? { minutes: 0, billableMinutes: 0 },
      me: o.me,
      csrf,
      form: o.form,
      today: pragueDayOf(o.now ?? new Date()),
    })}
    <section class="card" aria-labelledby="h-upload"><h2 id="h-upload">Přiložit soubor</h2>
      <form class="stack" method="post" action="${action('attachments')}" enctype="multipart/form-data">${csrf}
        <div class="field"><label for="upload-file">Soubor</label><span class="hint" id="upload-file-hint">Nejvýše ${formatSize(MAX_UPLOAD_BYTES)}. Klient soubor uvidí na portálu u požadavku.</span>
        <input type="file" id="upload-file" name="file" required aria-describedby="upload-file-hint${uploadError ? ' upload-file-error' : ''}"${uploadError ? html` aria-invalid="true"` : ''}>${
          uploadError ? html`<span class="error" id="upload-file-error">${uploadError}</span>` : ''
        }</div>
        <div><button type="submit" class="secondary">Nahrát</button></div>
      </form>
    </section>
  </div>`;

  const quote = t.quote;
  const side = html`<div class="sidebar">
    <section class="card" aria-labelledby="h-client"><h2 id="h-client">Klient</h2>
      <dl class="facts">
        <dt>Firma</dt><dd>${o.me.role === 'admin' ? html`<a href="${adminPath(['clients', t.ico])}">${t.clientName}</a>` : t.clientName}</dd>
        <dt>IČ</dt><dd>${t.ico}</dd>
        <dt>Kontakt</dt><dd>${t.contactEmail}</dd>
        ${o.client ? html`<dt>Známé adresy</dt><dd>${o.client.knownEmails.join(', ') || '–'}</dd>${o.client.disabled ? html`<dt>Účet</dt><dd class="warn">zablokován</dd>` : ''}` : ''}
      </dl>
      <p><a href="${adminPath([], { q: t.ico })}">Všechny požadavky klienta</a></p>
    </section>
    <section class="card" aria-labelledby="h-assign"><h2 id="h-assign">Pracovník</h2>
      <p>${assigneeName ? html`Řeší: <strong id="assignee">${assigneeName}</strong>` : html`<span id="assignee" class="muted">Nepřiděleno</span>`}</p>
      ${t.assignee !== o.me.email ? html`<form method="post" action="${action('assign')}">${csrf}<input type="hidden" name="assignee" value="${o.me.email}"><button type="submit">Převzít</button></form>` : ''}
      <form class="stack" method="post" action="${action('assign')}">${csrf}
        ${select({
          label: 'Přidělit',
          name: 'assignee',
          id: 'assign-to',
          value: assign.value('assignee') ?? t.assignee,
          error: assign.error('assignee'),
          options: [['', 'nikomu'], ...o.staff.map((s) => [s.email, s.name] as const)],
        })}
        <div><button type="submit" class="secondary">Přidělit</button></div>
      </form>
    </section>
    <section class="card" aria-labelledby="h-status"><h2 id="h-status">Stav</h2>
      <p>${statusBadge(t.status)}</p>
      <form class="stack" method="post" action="${action('status')}">${csrf}
        ${select({
          label: 'Nový stav',
          name: 'status',
          id: 'status-to',
          value: status.value('status') ?? t.status,
          error: status.error('status'),
          options: manualStatuses.map((s) => [s, staffStatusLabels[s]] as const),
        })}
        ${field({ label: 'Poznámka ke změně', name: 'reason', type: 'textarea', maxlength: 2000, hint: 'Nepovinné; klient ji uvidí na portálu.', id: 'status-reason', attrs: html` rows="2"`, value: status.value('reason'), error: status.error('reason') })}
        <div><button type="submit" class="secondary">Změnit stav</button></div>
      </form>
    </section>
    <section class="card" aria-labelledby="h-quote"><h2 id="h-quote">Cena a termín</h2>
      ${
        quote
          ? html`<p id="quote">Nabídka č. ${quoteVersion(quote)}: ${formatPrice(quote.price)} ${vatLabels[quote.vat]}, termín ${formatDeadline(quote.deadline)} · <strong>${
              quote.state === 'proposed' ? 'čeká na klienta' : quote.state === 'accepted' ? 'přijato klientem' : 'odmítnuto klientem'
            }</strong></p>`
          : html`<p class="muted">Zatím nenabídnuto.</p>`
      }
      ${quote && !finished ? html`<p class="muted">Nová nabídka bude mít č. ${quoteVersion(quote) + 1} a nahradí tu současnou: klient pak může odpovědět jen na ni.</p>` : ''}
      ${
        finished
          ? ''
          : html`<form class="stack" method="post" action="${action('quote')}">${csrf}
        <div class="row">
          ${field({ label: 'Cena (Kč)', name: 'price', required: true, maxlength: 20, id: 'quote-price', attrs: html` inputmode="decimal"`, value: quoteForm.value('price'), error: quoteForm.error('price') })}
          ${select({
            label: 'DPH',
            name: 'vat',
            id: 'quote-vat',
            options: [
              ['without', 'bez DPH'],
              ['with', 'včetně DPH'],
            ],
            value: quoteForm.value('vat') ?? 'without',
            error: quoteForm.error('vat'),
          })}
        </div>
        ${field({ label: 'Termín', name: 'deadline', type: 'date', required: true, id: 'quote-deadline', value: quoteForm.value('deadline'), error: quoteForm.error('deadline') })}
        ${field({ label: 'Poznámka k nabídce', name: 'note', type: 'textarea', maxlength: 2000, hint: 'Nepovinné; pošle se klientovi.', id: 'quote-note', attrs: html` rows="2"`, value: quoteForm.value('note'), error: quoteForm.error('note') })}
        <div><button type="submit">Odeslat nabídku klientovi</button></div>
      </form>`
      }
    </section>
    ${
      finished
        ? ''
        : html`<section class="card" aria-labelledby="h-close"><h2 id="h-close">Uzavřít nebo zrušit</h2>
      <form class="stack" method="post" action="${action('close')}">${csrf}
        ${select({
          label: 'Výsledek',
          name: 'outcome',
          id: 'close-outcome',
          value: close.value('outcome') ?? 'closed',
          error: close.error('outcome'),
          options: [
            ['closed', 'uzavřít (vyřízeno)'],
            ['cancelled', 'zrušit (nebude se řešit)'],
          ],
        })}
        ${field({ label: 'Důvod', name: 'reason', type: 'textarea', required: true, maxlength: 2000, hint: 'Klient jej uvidí na portálu.', id: 'close-reason', attrs: html` rows="2"`, value: close.value('reason'), error: close.error('reason') })}
        <div><button type="submit" class="danger">Uzavřít požadavek</button></div>
      </form></section>`
    }
    <section class="card" id="ticket-files" aria-labelledby="h-files"><h2 id="h-files">Přílohy${o.view.attachments.length ? ` (${o.view.attachments.length})` : ''}</h2>
      ${ticketFiles(attachmentsInOrder(o.view), ctx)}
    </section>
  </div>`;

  return html`<h1>#${n} ${t.subject}</h1>
    <p class="subtitle">${statusBadge(t.status)} ${ticketBadges(t)} ${t.clientName} · IČ ${t.ico}</p>
    ${errorSummary(o.form?.fields, o.form && o.form.form in ticketFormIds ? ticketFormIds[o.form.form as TicketForm] : {})}
    ${notFiledAlert(o.view.events, ctx)}
    <div class="grid">${main}${side}</div>`;
}
