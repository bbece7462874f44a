import type { Client, Ticket } from '../../core/model';
import type { DecidedAccessRequest } from '../../core/ports';
import { verificationChannels } from '../../shared/messages-admin.cs';
import { adminPath, html, type SafeHtml } from '../html';
import type { CursorPage } from '../../core/paging';
import {
  csrfField,
  errorSummary,
  field,
  formatDateTime,
  formInput,
  listPager,
  pagedRows,
  select,
  statusBadge,
  timeTag,
  type FormState,
} from '../components';

export function clientsBody(o: { clients: CursorPage<Client>; q?: string | undefined; strana?: string | undefined }) {
  return html`<h1>Klienti</h1>
  <div class="actions"><form class="filters" method="get" action="/admin/clients" role="search">
    <label>Hledat<input type="search" name="q" value="${o.q ?? ''}" placeholder="název, IČ nebo e-mail" maxlength="200"></label>
    <button type="submit" class="secondary">Hledat</button></form>
    <a class="button" href="/admin/clients/new">Nový klient</a></div>
  <div class="card tight"><table>
    <thead><tr><th scope="col">IČ</th><th scope="col">Firma</th><th scope="col">Známé e-maily</th><th scope="col">Účet</th><th scope="col">Založen</th></tr></thead>
    <tbody>${pagedRows(
      o.clients,
      5,
      o.q ? 'Žádný klient neodpovídá hledání.' : 'Žádní klienti.',
      (c) => html`<tr>
      <td class="num"><a href="${adminPath(['clients', c.ico])}">${c.ico}</a></td>
      <td><a href="${adminPath(['clients', c.ico])}">${c.name}</a></td>
      <td>${c.knownEmails.join(', ')}</td>
      <td>${c.disabled ? html`<span class="badge failed">zablokován</span>` : c.mustChangePassword ? html`<span class="badge pending">čeká na první přihlášení</span>` : html`<span class="badge sent">aktivní</span>`}</td>
      <td class="nowrap">${formatDateTime(c.createdAt)}</td></tr>`,
    )}</tbody>
  </table></div>
  ${listPager(o.clients, o.strana, ['clients'], { q: o.q })}`;
}

export function newClientBody(o: { csrf: string; values?: Record<string, string>; fields?: Record<string, string> | undefined }) {
  const v = o.values ?? {};
  const f = o.fields ?? {};
  return html`<h1>Nový klient</h1>
  <p class="subtitle">Vygenerované jednorázové heslo se zobrazí jen jednou; předejte je klientovi telefonicky, faxem nebo dopisem, nikdy e-mailem.</p>
  ${errorSummary(o.fields, { ico: 'f-ico', companyName: 'f-companyName', emails: 'f-emails' })}
  <div class="card"><form class="stack" method="post" action="/admin/clients">${csrfField(o.csrf)}
    ${field({ label: 'IČ', name: 'ico', required: true, maxlength: 12, value: v.ico, error: f.ico, hint: 'dříve IČO; 8 číslic, kratší číslo doplníme nulami zleva, u DIČ vynecháme CZ', attrs: html` inputmode="numeric"` })}
    ${field({ label: 'Název firmy', name: 'companyName', required: true, maxlength: 200, value: v.companyName, error: f.companyName })}
    ${field({ label: 'Kontaktní e-maily', name: 'emails', type: 'textarea', value: v.emails, error: f.emails, hint: 'Adresy, ze kterých klient píše; oddělte čárkou nebo novým řádkem.', attrs: html` rows="3"` })}
    <div><button type="submit">Založit klienta</button></div>
  </form></div>`;
}

/** The one-time password, shown once right after it was generated (the page is never cached). */
export function oneTimePasswordBody(o: { heading: string; who: string; password: string; back: string; backLabel: string }) {
  return html`<h1>${o.heading}</h1>
  <div class="card">
    <p>Jednorázové heslo pro <strong>${o.who}</strong>:</p>
    <p class="secret" id="one-time-password">${o.password}</p>
    <p>Heslo se zobrazuje <strong>jen teď</strong> a nikde není uloženo čitelně. Předejte je klientovi telefonicky, faxem, dopisem nebo osobně – nikdy e-mailem.
    Při prvním přihlášení si klient heslo změní.</p>
    <p><a class="button secondary" href="${o.back}">${o.backLabel}</a></p>
  </div>`;
}

export function clientDetailBody(o: { client: Client; tickets: Ticket[]; csrf: string; billing: SafeHtml }) {
  const c = o.client;
  const path = (a: string) => adminPath(['clients', c.ico, a]);
  return html`<h1>${c.name}</h1><p class="subtitle">IČ ${c.ico}</p>
  <div class="grid"><div>
    <section class="card"><h2>Požadavky</h2>
      ${
        o.tickets.length
          ? html`<table><thead><tr><th scope="col">Číslo</th><th scope="col">Předmět</th><th scope="col">Stav</th><th scope="col">Přijato</th></tr></thead><tbody>${o.tickets.map(
              (t) =>
                html`<tr><td class="num"><a href="${adminPath(['tickets', t.number])}">#${t.number}</a></td><td>${t.subject}</td><td>${statusBadge(t.status)}</td><td>${timeTag(t.createdAt)}</td></tr>`,
            )}</tbody></table>`
          : html`<p class="muted">Klient zatím nepodal žádný požadavek.</p>`
      }
    </section>
  </div><div class="sidebar">
    <section class="card"><h2>Účet</h2>
      <dl class="facts"><dt>Stav</dt><dd>${c.disabled ? 'zablokován' : 'aktivní'}</dd>
      <dt>Heslo</dt><dd>${c.mustChangePassword ? 'dočasné (klient si je zatím nezměnil)' : 'nastavené klientem'}</dd>
      <dt>Známé e-maily</dt><dd>${c.knownEmails.join(', ') || '–'}</dd>
      <dt>Založen</dt><dd>${timeTag(c.createdAt)}</dd></dl>
    </section>
    ${o.billing}
    <section class="card"><h2>Akce</h2><div class="stack">
      <form method="post" action="${path('reset-password')}">${csrfField(o.csrf)}<button type="submit" class="secondary">Vygenerovat nové jednorázové heslo</button></form>
      <form method="post" action="${path(c.disabled ? 'enable' : 'disable')}">${csrfField(o.csrf)}<button type="submit" class="${c.disabled ? 'secondary' : 'danger'}">${c.disabled ? 'Povolit účet' : 'Zablokovat účet'}</button></form>
    </div></section>
  </div></div>`;
}

export function accessListBody(o: { requests: CursorPage<DecidedAccessRequest>; strana?: string | undefined }) {
  return html`<h1>Žádosti o přístup</h1>
  <p class="subtitle">Firmy, které na portálu požádaly o heslo („Nemáte heslo?“). Před schválením firmu ověřte mimo web.</p>
  <div class="card tight"><table>
    <thead><tr><th scope="col">Přijato</th><th scope="col">Firma</th><th scope="col">IČ</th><th scope="col">Kontakt</th></tr></thead>
    <tbody>${pagedRows(
      o.requests,
      4,
      'Žádné otevřené žádosti.',
      (r) => html`<tr><td class="nowrap">${formatDateTime(r.createdAt)}</td>
      <td><a href="${adminPath(['access-requests', r.id])}">${r.companyName}</a></td><td>${r.ico}</td><td>${r.contactName}, ${r.email}${r.phone ? `, ${r.phone}` : ''}</td></tr>`,
    )}</tbody>
  </table></div>
  ${listPager(o.requests, o.strana, ['access-requests'])}`;
}

/** The controls of the two decision forms by field name (the error summary links to them). */
const accessFormIds = { approve: { channel: 'f-channel', note: 'f-note' }, reject: { reason: 'reject-reason' } };

export function accessDetailBody(o: {
  request: DecidedAccessRequest;
  existing?: Client | undefined;
  csrf: string;
  form?: FormState | undefined;
}) {
  const r = o.request;
  const approve = formInput(o.form, 'approve');
  const reject = formInput(o.form, 'reject');
  return html`<h1>Žádost o přístup: ${r.companyName}</h1>
  ${errorSummary(o.form?.fields, o.form?.form === 'reject' ? accessFormIds.reject : accessFormIds.approve)}
  <div class="grid"><div>
    <section class="card"><dl class="facts">
      <dt>IČ</dt><dd>${r.ico}</dd><dt>Firma</dt><dd>${r.companyName}</dd><dt>Kontaktní osoba</dt><dd>${r.contactName}</dd>
      <dt>E-mail</dt><dd>${r.email}</dd><dt>Telefon</dt><dd>${r.phone ?? '–'}</dd><dt>Přijato</dt><dd>${timeTag(r.createdAt)}</dd>
      ${r.sourceIp ? html`<dt>Odesláno z adresy</dt><dd>${r.sourceIp}</dd>` : ''}
      <dt>Stav</dt><dd>${r.state === 'open' ? 'čeká na rozhodnutí' : r.state === 'approved' ? 'schválena' : 'zamítnuta'}</dd>
    </dl>${r.note ? html`<h2>Poznámka žadatele</h2><pre class="text">${r.note}</pre>` : ''}
    ${o.existing ? html`<p class="warn">Klient s tímto IČ už účet má (${o.existing.name}). Místo schválení mu případně vygenerujte nové heslo v <a href="${adminPath(['clients', r.ico])}">detailu klienta</a>.</p>` : ''}
    </section>
  </div><div class="sidebar">${
    r.state === 'open'
      ? html`
    <section class="card"><h2>Schválit</h2>
      <form class="stack" method="post" action="${adminPath(['access-requests', r.id, 'approve'])}">${csrfField(o.csrf)}
        ${select({
          label: 'Jak jste žadatele ověřili',
          name: 'channel',
          options: Object.entries(verificationChannels),
          value: approve.value('channel'),
          error: approve.error('channel'),
        })}
        ${field({ label: 'Poznámka k ověření', name: 'note', type: 'textarea', maxlength: 2000, value: approve.value('note'), error: approve.error('note'), hint: 'Např. s kým a na jakém čísle jste mluvili.', attrs: html` rows="2"` })}
        <div><button type="submit">Schválit a založit účet</button></div>
      </form></section>
    <section class="card"><h2>Zamítnout</h2>
      <form class="stack" method="post" action="${adminPath(['access-requests', r.id, 'reject'])}">${csrfField(o.csrf)}
        ${field({ label: 'Důvod', name: 'reason', type: 'textarea', required: true, maxlength: 2000, value: reject.value('reason'), error: reject.error('reason'), id: 'reject-reason', attrs: html` rows="2"` })}
        <div><button type="submit" class="danger">Zamítnout žádost</button></div>
      </form></section>`
      : html`<section class="card"><p>O žádosti rozhodl ${r.decidedBy ?? ''} ${timeTag(r.decidedAt)}.</p></section>`
  }
  </div></div>`;
}
