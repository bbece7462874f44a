import type { BillingSettings, Client } from '../../core/model';
import { formatCzk, type VatRate } from '../../core/billing/money';
import { adminPath, html, type SafeHtml } from '../html';
import { csrfField, errorSummary, field, formatDateTime, formInput, select, type FormState } from '../components';

/** Billing pages of the admin (docs/billing.md): the defaults (*Nastavení fakturace*) and a client's terms. */

export const vatRateLabels: Record<VatRate, string> = {
  21: '21 % (základní sazba)',
  12: '12 % (snížená sazba)',
  0: '0 % – přenesená daňová povinnost',
};

/** 80000 → "800,00" for a form field (no currency, no thousands space). */
const asField = (h: number | undefined) => (h === undefined ? '' : `${Math.floor(h / 100)},${String(h % 100).padStart(2, '0')}`);

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
