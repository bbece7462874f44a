import type { BillingSettings, Client } from '../../core/model';
import { decimalCzk, formatCzk, type VatRate } from '../../core/billing/money';
import { shiftMonth } from '../../core/billing/month';
import type { Statement, StatementLine } from '../../core/billing/statement';
import { formatMinutes } from './work-log';
import { adminPath, html, type SafeHtml } from '../html';
import { csrfField, errorSummary, field, formatDateTime, formInput, select, type FormState } from '../components';

/** Billing pages of the admin (docs/billing.md): the defaults (*Nastavení fakturace*) and a client's terms. */

export const vatRateLabels: Record<VatRate, string> = {
  21: '21 % (základní sazba)',
  12: '12 % (snížená sazba)',
  0: '0 % – přenesená daňová povinnost',
};

/** 80000 → "800,00" for a form field (no currency, no thousands space). */
const asField = (h: number | undefined) => (h === undefined ? '' : decimalCzk(h));

export function billingSettingsBody(o: { settings: BillingSettings; csrf: string; form?: FormState | undefined }) {
  const typed = formInput(o.form, 'settings');
  const s = o.settings;
  return html`<h1>Nastavení fakturace</h1>
  <p class="subtitle">Výchozí hodinová sazba a sazba DPH pro klienty, kteří nemají vlastní. Práce se účtuje podle přijaté nabídky, jinak podle fakturovatelného času × sazba.</p>
  ${errorSummary(o.form?.fields, { hourlyRate: 'f-hourlyRate', vatRate: 'f-vatRate' })}
  <div class="card"><form class="stack" method="post" action="/admin/settings">${csrfField(o.csrf)}
    ${field({ label: 'Výchozí hodinová sazba (Kč bez DPH)', name: 'hourlyRate', required: true, maxlength: 20, value: typed.value('hourlyRate') ?? asField(s.hourlyRate), error: typed.error('hourlyRate'), attrs: html` inputmode="decimal"` })}
    ${select({ label: 'Výchozí sazba DPH', name: 'vatRate', id: 'f-vatRate', value: typed.value('vatRate') ?? String(s.vatRate), error: typed.error('vatRate'), options: ([21, 12, 0] as const).map((r) => [String(r), vatRateLabels[r]] as const) })}
    <div><button type="submit">Uložit</button></div>
  </form>
  ${s.updatedAt ? html`<p class="muted">Naposledy změnil ${s.updatedBy ?? ''} ${formatDateTime(s.updatedAt)}.</p>` : html`<p class="muted">Zatím platí vestavěné hodnoty.</p>`}
  </div>`;
}

/** The client page's *Fakturace* card: the terms in force and the form to set the client's own. */
export function clientBillingCard(o: { client: Client; settings: BillingSettings; csrf: string; form?: FormState | undefined }): SafeHtml {
  const b = o.client.billing ?? {};
  const typed = formInput(o.form, 'billing');
  const rate = b.hourlyRate ?? o.settings.hourlyRate;
  const vat = b.vatRate ?? o.settings.vatRate;
  return html`<section class="card" aria-labelledby="h-billing"><h2 id="h-billing">Fakturace</h2>
    ${errorSummary(o.form?.fields, { hourlyRate: 'billing-rate', vatRate: 'billing-vat', dic: 'billing-dic' })}
    <dl class="facts"><dt>Hodinová sazba</dt><dd id="billing-rate-now">${formatCzk(rate)} bez DPH${b.hourlyRate === undefined ? ' (výchozí)' : ''}</dd>
    <dt>DPH</dt><dd id="billing-vat-now">${vatRateLabels[vat]}${b.vatRate === undefined ? ' (výchozí)' : ''}</dd>
    <dt>DIČ</dt><dd>${b.dic ?? '–'}</dd></dl>
    <form class="stack" method="post" action="${adminPath(['clients', o.client.ico, 'billing'])}">${csrfField(o.csrf)}
      ${field({ label: 'Vlastní hodinová sazba (Kč bez DPH)', name: 'hourlyRate', id: 'billing-rate', maxlength: 20, hint: `Prázdné = výchozí (${formatCzk(o.settings.hourlyRate)}).`, value: typed.value('hourlyRate') ?? asField(b.hourlyRate), error: typed.error('hourlyRate'), attrs: html` inputmode="decimal"` })}
      ${select({ label: 'Sazba DPH', name: 'vatRate', id: 'billing-vat', value: typed.value('vatRate') ?? (b.vatRate === undefined ? '' : String(b.vatRate)), error: typed.error('vatRate'), options: [['', `výchozí (${vatRateLabels[o.settings.vatRate]})`], ...([21, 12, 0] as const).map((r) => [String(r), vatRateLabels[r]] as const)] })}
      ${field({ label: 'DIČ', name: 'dic', id: 'billing-dic', maxlength: 14, value: typed.value('dic') ?? b.dic, error: typed.error('dic') })}
      <div><button type="submit" class="secondary">Uložit fakturační údaje</button></div>
    </form>
  </section>`;
}

const MONTH_NAMES = ['leden', 'únor', 'březen', 'duben', 'květen', 'červen', 'červenec', 'srpen', 'září', 'říjen', 'listopad', 'prosinec'];
/** `2026-11` → "listopad 2026". */
export const monthLabel = (month: string) => `${MONTH_NAMES[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`;

const basisText = (l: StatementLine) =>
  l.basis === 'quote'
    ? `přijatá nabídka (${l.quoteVat === 'with' ? 'cena s DPH' : 'cena bez DPH'})`
    : l.basis === 'hours'
      ? `${formatMinutes(l.minutes ?? 0)} × ${formatCzk(l.hourlyRate ?? 0)}/h`
      : 'nic k fakturaci (bez nabídky a bez fakturovatelného času)';

const money = (h: number) => html`<td class="num nowrap">${formatCzk(h)}</td>`;

/** *Vyúčtování*: a month's statement, per client, with the months around it. */
export function statementBody(o: { statement: Statement }) {
  const s = o.statement;
  const link = (m: string, label: string) => html`<a href="${adminPath(['billing'], { month: m })}">${label}</a>`;
  return html`<h1>Vyúčtování – ${monthLabel(s.month)}</h1>
  <p class="subtitle">Požadavky vyřešené v měsíci (čas Europe/Prague), po klientech. Cena podle přijaté nabídky, jinak fakturovatelný čas × hodinová sazba klienta; DPH po řádcích, zaokrouhleno na haléře.</p>
  <p><a class="button secondary" href="${adminPath(['billing', 'csv'], { month: s.month })}" download>Stáhnout CSV (Excel)</a></p>
  <nav class="pager" aria-label="Měsíce">${link(shiftMonth(s.month, -1), `← ${monthLabel(shiftMonth(s.month, -1))}`)} ${link(shiftMonth(s.month, 1), `${monthLabel(shiftMonth(s.month, 1))} →`)}</nav>
  ${
    s.clients.length
      ? s.clients.map(
          (c) => html`<section class="card tight statement" aria-labelledby="h-client-${c.ico}">
    <h2 id="h-client-${c.ico}">${c.name} <span class="muted">IČ ${c.ico}${c.dic ? ` · DIČ ${c.dic}` : ''}</span></h2>
    <table><caption class="skip">Řádky vyúčtování klienta ${c.name}</caption>
      <thead><tr><th scope="col">Požadavek</th><th scope="col">Předmět</th><th scope="col">Základ</th><th scope="col">Bez DPH</th><th scope="col">DPH</th><th scope="col">Celkem</th></tr></thead>
      <tbody>${c.lines.map(
        (l) => html`<tr><td class="num"><a href="${adminPath(['tickets', l.ticket])}">#${l.ticket}</a></td><td>${l.subject}</td>
        <td>${basisText(l)}</td>${money(l.net)}<td class="num nowrap">${l.reverseCharge ? 'přenesená daňová povinnost' : `${formatCzk(l.vat)} (${l.rate} %)`}</td>${money(l.total)}</tr>`,
      )}</tbody>
      <tfoot><tr><th scope="row" colspan="3">Celkem za klienta</th>${money(c.sums.net)}${money(c.sums.vat)}${money(c.sums.total)}</tr></tfoot>
    </table></section>`,
        )
      : html`<p class="muted card">V tomto měsíci nebyl vyřešen žádný požadavek.</p>`
  }
  <section class="card" aria-labelledby="h-sum"><h2 id="h-sum">Celkem za měsíc</h2>
    <dl class="facts" id="statement-sum"><dt>Bez DPH</dt><dd>${formatCzk(s.sums.net)}</dd><dt>DPH</dt><dd>${formatCzk(s.sums.vat)}</dd><dt>Celkem</dt><dd><strong>${formatCzk(s.sums.total)}</strong></dd></dl>
  </section>`;
}
