import type { Staff, Ticket } from '../../core/model';
import { categories } from '../../core/model';
import type { QueueFilter } from '../../core/tickets/forms';
import { QUEUE_PAGE_SIZE, type QueuePage, type QueueTab } from '../../core/tickets/staff-tickets';
import { dueOf } from '../../core/deadlines/due';
import { agreedDeadlineState, deadlineWords, firstResponseState } from '../../core/deadlines/deadline-state';
import { categoryLabels } from '../../shared/messages.cs';
import { queueTabLabels } from '../../shared/messages-admin.cs';
import { adminPath, html } from '../html';
import { categoryLabel, formatDateTime, pager, statusBadge, ticketBadges } from '../components';

const TABS = Object.keys(queueTabLabels) as QueueTab[];

/** What the ticket has due and how long is left or how late it is: "první odpověď · zbývá 3 h". */
function dueCell(t: Ticket, now: Date) {
  const due = dueOf(t);
  const state =
    due?.kind === 'first-response' ? firstResponseState(t, now) : due?.kind === 'agreed' ? agreedDeadlineState(t, now) : undefined;
  if (!due || !state) return html`<span class="muted">–</span>`;
  const what = due.kind === 'first-response' ? 'první odpověď' : 'dohodnutý termín';
  return html`<span class="nowrap">${what}</span> · <strong class="${state.state === 'late' ? 'warn' : ''}">${deadlineWords(state)}</strong>`;
}

export function queueBody(o: { filter: QueueFilter; page: QueuePage; staff: Staff[] }) {
  const { filter, page } = o;
  const names = new Map(o.staff.map((s) => [s.email, s.name]));
  const keep = { category: filter.category, ico: filter.ico, worker: filter.worker };
  const tabs = html`<nav class="tabs" aria-label="Stavy požadavků">${TABS.map(
    (tab) =>
      html`<a href="${adminPath([], { tab, ...keep })}"${
        !page.searched && filter.tab === tab ? html` aria-current="page"` : ''
      }>${queueTabLabels[tab]} <span class="n">${page.counts[tab]}</span></a>`,
  )}</nav>`;
  const filters = html`<form class="filters" method="get" action="/admin" role="search">
    <input type="hidden" name="tab" value="${filter.tab}">
    <label>Hledat<input type="search" name="q" value="${filter.q ?? ''}" placeholder="číslo nebo slova (i začátky)" maxlength="200"></label>
    <label>Druh<select name="category"><option value="">všechny druhy</option>${categories.map((c) => html`<option value="${c}"${filter.category === c ? html` selected` : ''}>${categoryLabels[c]}</option>`)}</select></label>
    <label>Klient (IČ)<input type="text" name="ico" value="${filter.ico ?? ''}" inputmode="numeric" maxlength="12"></label>
    <label>Pracovník<select name="worker"><option value="">kdokoli</option><option value="-"${filter.worker === '-' ? html` selected` : ''}>nepřidělené</option>${o.staff.map(
      (s) => html`<option value="${s.email}"${filter.worker === s.email ? html` selected` : ''}>${s.name}</option>`,
    )}</select></label>
    <button type="submit" class="secondary">Filtrovat</button>
    ${filter.q || filter.category || filter.ico || filter.worker ? html`<a href="${adminPath([], { tab: filter.tab })}">Zrušit filtr</a>` : ''}
  </form>`;
  const snippets = new Map((page.hits ?? []).map((h) => [h.ticket.number, h.snippet]));
  const found = (t: Ticket) => {
    const parts = snippets.get(t.number);
    return parts ? html`<br><span class="snippet">${parts.map((p) => (p.match ? html`<mark>${p.text}</mark>` : p.text))}</span>` : '';
  };
  const row = (
    t: Ticket,
  ) => html`<tr class="${[t.category === 'service-express' ? 'express' : '', t.attention ? 'attention' : ''].join(' ').trim()}">
    <td class="num"><a href="${adminPath(['tickets', t.number])}">#${t.number}</a></td>
    <td><a href="${adminPath(['tickets', t.number])}">${t.subject}</a> ${ticketBadges(t)}${found(t)}</td>
    <td>${t.clientName}<br><span class="muted">IČ ${t.ico}</span></td>
    <td>${categoryLabel(t.category)}</td>
    <td>${statusBadge(t.status)}</td>
    <td>${t.assignee ? (names.get(t.assignee) ?? t.assignee) : html`<span class="muted">nepřiděleno</span>`}</td>
    <td class="nowrap">${formatDateTime(t.createdAt)}</td>
    <td>${dueCell(t, page.now)}</td>
  </tr>`;
  return html`<h1>${page.searched ? 'Výsledky hledání' : `Fronta – ${queueTabLabels[filter.tab]}`}</h1>
  <p class="subtitle">${
    page.searched
      ? 'Hledá se ve všem, co požadavek obsahuje (předmět, popis, klient, e-maily, interní poznámky, názvy příloh), bez ohledu na velikost písmen a diakritiku; stačí začátek slova, zadaná slova musí být všechna. Nejnovější nahoře.'
      : !page.searched && (filter.tab === 'overdue' || filter.tab === 'due-soon')
        ? `Seřazeno podle termínu, nejbližší (nejvíc opožděný) nahoře, po ${QUEUE_PAGE_SIZE} na stránku; počítá se pracovní doba Po–Pá 8–17 h bez svátků.`
        : filter.tab === 'resolved' || filter.tab === 'closed'
          ? `Nejnovější nahoře, po ${QUEUE_PAGE_SIZE} na stránku.`
          : `Expresní servisní zásahy nahoře, pak nejstarší; po ${QUEUE_PAGE_SIZE} na stránku. Modrý proužek značí novou zprávu od klienta.`
  }</p>
  ${tabs}${filters}
  <div class="card tight"><table>
    <caption class="skip">Požadavky</caption>
    <thead><tr><th scope="col">Číslo</th><th scope="col">Předmět zadání</th><th scope="col">Klient</th><th scope="col">Druh</th><th scope="col">Stav</th><th scope="col">Pracovník</th><th scope="col">Přijato</th><th scope="col">Termín</th></tr></thead>
    <tbody>${
      page.tickets.length
        ? page.tickets.map(row)
        : html`<tr><td colspan="8" class="empty">${
            page.noWords ? 'Zadejte aspoň jedno slovo o dvou a více znacích.' : page.searched ? 'Nic nenalezeno.' : 'Žádné požadavky.'
          }</td></tr>`
    }</tbody>
  </table></div>
  ${pager({
    prev: page.prev,
    next: page.next,
    paged: !!filter.strana,
    href: (strana) => adminPath([], { tab: filter.tab, ...keep, ...(page.searched && { q: filter.q }), strana }),
  })}`;
}
