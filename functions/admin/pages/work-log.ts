import type { WorkTotals } from '../../core/billing/work-log';
import { WORK_DESCRIPTION_MAX } from '../../core/billing/forms';
import type { HistoryEvent, WorkEntry } from '../../core/model';
import type { StaffRef } from '../../core/accounts/staff-accounts';
import { adminPath, html, type HtmlValue, type SafeHtml } from '../html';
import { field, formatDate, formInput, type FormState } from '../components';

/** The ticket page's work log (staff only): the entries, their totals, and the forms to log, edit and delete. */

/** 90 → "1 h 30 min", 45 → "45 min", 120 → "2 h". */
export function formatMinutes(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return [h ? `${h} h` : '', m || !h ? `${m} min` : ''].filter(Boolean).join(' ');
}

/** 90 → "1:30", what the edit form shows in its time field. */
const asClock = (minutes: number) => `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;

const billableBox = (id: string, checked: boolean) =>
  html`<label class="checkbox"><input type="checkbox" id="${id}" name="billable" value="on"${checked ? html` checked` : ''}> Fakturovat klientovi</label>`;

/** The fields of one work form; `idPrefix` keeps the ids of each entry's edit form apart. */
function workFields(o: {
  idPrefix: string;
  values: (n: string) => string | undefined;
  error: (n: string) => string | undefined;
  today: string;
}) {
  return html`<div class="row">
    ${field({ label: 'Den', name: 'date', type: 'date', required: true, id: `${o.idPrefix}-date`, value: o.values('date') ?? o.today, error: o.error('date'), attrs: html` max="${o.today}"` })}
    ${field({ label: 'Čas', name: 'minutes', required: true, maxlength: 12, id: `${o.idPrefix}-minutes`, hint: 'minuty (90) nebo h:mm (1:30)', value: o.values('minutes'), error: o.error('minutes'), attrs: html` inputmode="numeric"` })}
  </div>
  ${field({ label: 'Co bylo uděláno', name: 'description', required: true, maxlength: WORK_DESCRIPTION_MAX, id: `${o.idPrefix}-description`, value: o.values('description'), error: o.error('description') })}`;
}

export function workLogSection(o: {
  n: number;
  entries: WorkEntry[];
  totals: WorkTotals;
  me: StaffRef;
  csrf: SafeHtml;
  form?: FormState | undefined;
  today: string;
}): SafeHtml {
  const add = formInput(o.form, 'work');
  const edit = formInput(o.form, 'work-edit');
  const shownAgain = o.form?.form === 'work-edit' ? o.form.values.entry : undefined;
  const row = (e: WorkEntry): SafeHtml => {
    const mine = e.by === o.me.email;
    const again = shownAgain === e.id;
    const values = (name: string) =>
      again
        ? edit.value(name)
        : ({ date: e.date, minutes: asClock(e.minutes), description: e.description } as Record<string, string>)[name];
    const controls: HtmlValue = mine
      ? html`<details${again ? html` open` : ''}><summary>Upravit</summary>
        <form class="stack" method="post" action="${adminPath(['tickets', o.n, 'work', e.id, 'edit'])}">${o.csrf}
          ${workFields({ idPrefix: again ? 'work-edit' : `work-edit-${e.id}`, values, error: again ? edit.error : () => undefined, today: o.today })}
          ${billableBox(`work-edit-billable-${e.id}`, again ? edit.value('billable') === 'on' : e.billable)}
          <div><button type="submit" class="small">Uložit změny</button></div>
        </form>
        <form method="post" action="${adminPath(['tickets', o.n, 'work', e.id, 'delete'])}">${o.csrf}<button type="submit" class="small secondary">Smazat záznam</button></form>
      </details>`
      : '';
    return html`<tr><td class="nowrap">${formatDate(e.date)}</td><td>${e.byName}</td><td class="num nowrap">${formatMinutes(e.minutes)}</td>
      <td>${e.billable ? 'ano' : html`<span class="muted">ne</span>`}</td><td>${e.description}${controls}</td></tr>`;
  };
  return html`<section class="card" aria-labelledby="h-work"><h2 id="h-work">Odpracovaný čas</h2>
    <p class="hint">Vidí jen pracovníci Softechu; klient záznamy nevidí. Upravit nebo smazat lze jen vlastní záznamy; každá změna zůstává v historii.</p>
    ${
      o.entries.length
        ? html`<table class="work-log"><caption class="skip">Záznamy práce</caption>
      <thead><tr><th scope="col">Den</th><th scope="col">Kdo</th><th scope="col">Čas</th><th scope="col">Fakturovat</th><th scope="col">Popis</th></tr></thead>
      <tbody>${o.entries.map(row)}</tbody></table>`
        : html`<p class="muted">Zatím žádný záznam.</p>`
    }
    <p id="work-total"><strong>Celkem ${formatMinutes(o.totals.minutes)},</strong> z toho k fakturaci ${formatMinutes(o.totals.billableMinutes)}.</p>
    <form class="stack" method="post" action="${adminPath(['tickets', o.n, 'work'])}">${o.csrf}
      ${workFields({ idPrefix: 'work', values: add.value, error: add.error, today: o.today })}
      ${billableBox('work-billable', o.form?.form === 'work' ? add.value('billable') === 'on' : true)}
      <div><button type="submit" class="secondary">Zapsat čas</button></div>
    </form>
  </section>`;
}

/** A `work` event of the history: what was logged, changed or deleted. */
export function workEventBody(e: HistoryEvent): SafeHtml {
  const d = e.data ?? {};
  const what = (x: Record<string, unknown>) =>
    `${formatDate(String(x.date))}, ${formatMinutes(Number(x.minutes))}${x.billable ? ' (k fakturaci)' : ' (nefakturovat)'}: ${String(x.description ?? '')}`;
  const action = d.action === 'edited' ? 'Záznam práce upraven' : d.action === 'deleted' ? 'Záznam práce smazán' : 'Zapsán odpracovaný čas';
  return html`<p>${action}: ${what(d)}</p>${
    d.action === 'edited' && typeof d.before === 'object' && d.before
      ? html`<p class="muted">Předtím: ${what(d.before as Record<string, unknown>)}</p>`
      : ''
  }`;
}
