import { ALERT_DELIVERIES, deliveryOf, kindsFor, type AlertDelivery, type AlertKind } from '../../core/alerts/kinds';
import type { Session, Staff } from '../../core/model';
import { html } from '../html';
import { csrfField, errorSummary, field } from '../components';
import { layout, type Flash } from '../layout';

const loginIds = { email: 'f-email', password: 'f-password', code: 'f-code' };

export function loginPage(o: {
  csrf: string;
  email?: string | undefined;
  error?: string | undefined;
  fields?: Record<string, string> | undefined;
  next?: string | undefined;
}): string {
  const f = o.fields ?? {};
  const body = html`<div class="login"><div class="card">
    <h1>Přihlášení do správy</h1>
    <p class="brandline">Softech Podpora – interní nástroj pro pracovníky Softechu.</p>
    ${o.error ? html`<div class="flash error" role="alert">${o.error}</div>` : ''}
    ${errorSummary(o.fields, loginIds)}
    <form class="stack" method="post" action="/admin/login">
      ${csrfField(o.csrf)}
      ${o.next ? html`<input type="hidden" name="next" value="${o.next}">` : ''}
      ${field({ label: 'E-mail', name: 'email', type: 'email', value: o.email, required: true, autocomplete: 'username', maxlength: 254, error: f.email })}
      ${field({ label: 'Heslo', name: 'password', type: 'password', required: true, autocomplete: 'current-password', maxlength: 1024, error: f.password })}
      ${field({ label: 'Ověřovací kód', name: 'code', hint: 'Jen máte-li zapnuté dvoufázové ověření: šest číslic z aplikace.', autocomplete: 'one-time-code', maxlength: 10, error: f.code, attrs: html` inputmode="numeric"` })}
      <button type="submit">Přihlásit se</button>
    </form>
  </div></div>`;
  return layout({ title: 'Přihlášení', body, bare: true });
}

export function accountBody(o: {
  staff: Staff;
  session: Session;
  csrf: string;
  values?: Record<string, string> | undefined;
  fields?: Record<string, string> | undefined;
  pending?: { secret: string; uri: string } | undefined;
}) {
  const { staff, csrf } = o;
  const mustChange = o.session.mustChangePassword;
  const mustEnrol = !!staff.totpRequired && !staff.totpSecret;
  const f = o.fields ?? {};
  const v = o.values ?? {};
  return html`<h1>Můj účet</h1><p class="subtitle">${staff.name} · ${staff.email}</p>
  ${errorSummary(o.fields, { currentPassword: 'f-currentPassword', newPassword: 'f-newPassword', code: 'f-code' })}
  ${mustChange ? html`<div class="flash error" role="alert">Přihlásili jste se dočasným heslem. Než budete pokračovat, nastavte si vlastní heslo.</div>` : ''}
  ${!mustChange && mustEnrol ? html`<div class="flash error" role="alert">Administrátor pro váš účet vyžaduje dvoufázové ověření. Než budete pokračovat, nastavte si jej.</div>` : ''}
  <div class="grid"><div>
  <section class="card" aria-labelledby="h-password"><h2 id="h-password">Změna hesla</h2>
    <form class="stack" method="post" action="/admin/account/password">${csrfField(csrf)}
      ${field({ label: 'Současné heslo', name: 'currentPassword', type: 'password', required: true, autocomplete: 'current-password', error: f.currentPassword })}
      ${field({ label: 'Nové heslo', name: 'newPassword', type: 'password', required: true, autocomplete: 'new-password', hint: 'Alespoň 10 znaků. Dobře poslouží několik nesouvisejících slov, která si snadno zapamatujete; heslo nesmí obsahovat vaše jméno ani e-mail.', error: f.newPassword })}
      <div><button type="submit">Změnit heslo</button></div>
    </form></section>
  </div><div>
  <section class="card" aria-labelledby="h-totp"><h2 id="h-totp">Dvoufázové ověření</h2>
    ${
      staff.totpSecret
        ? html`<p>Dvoufázové ověření je <strong>zapnuto</strong>. Při přihlášení zadáváte kód z aplikace.</p>
        ${
          staff.totpRequired
            ? html`<p class="muted">Administrátor je pro váš účet vyžaduje; vypnout je nelze.</p>`
            : html`
        <form class="stack" method="post" action="/admin/account/totp/disable">${csrfField(csrf)}
          ${field({ label: 'Aktuální kód pro vypnutí', name: 'code', required: true, autocomplete: 'one-time-code', value: v.code, error: f.code, attrs: html` inputmode="numeric"` })}
          <div><button class="danger" type="submit">Vypnout dvoufázové ověření</button></div></form>`
        }`
        : o.pending
          ? html`<p>1. V ověřovací aplikaci (např. Google Authenticator, Microsoft Authenticator, Aegis) přidejte účet ručně tímto klíčem:</p>
          <p class="uri" id="totp-secret">${o.pending.secret}</p>
          <p>nebo vložte tento odkaz:</p>
          <p class="uri" id="totp-uri">${o.pending.uri}</p>
          <p>2. Potvrďte šestimístným kódem, který aplikace ukáže:</p>
          <form class="stack" method="post" action="/admin/account/totp/confirm">${csrfField(csrf)}
            ${field({ label: 'Kód z aplikace', name: 'code', required: true, autocomplete: 'one-time-code', value: v.code, error: f.code, attrs: html` inputmode="numeric"` })}
            <div><button type="submit">Zapnout dvoufázové ověření</button></div></form>`
          : html`<p>Dvoufázové ověření je vypnuto. S ním k přihlášení nestačí heslo: zadáte i kód z aplikace v telefonu.</p>
          <form method="post" action="/admin/account/totp/start">${csrfField(csrf)}<button type="submit">Nastavit dvoufázové ověření</button></form>`
    }
  </section>
  </div></div>
  ${alertsSection(staff, csrf)}`;
}

const alertKindLabels: Record<AlertKind, { label: string; hint: string }> = {
  'new-request': { label: 'Nový požadavek', hint: 'každý nový požadavek klienta; u expresního to stojí v předmětu' },
  'client-mail': {
    label: 'Zpráva od klienta',
    hint: 'odpověď nebo jiný e-mail zařazený k požadavku, který řešíte (nepřidělený: kdo dostává nové požadavky)',
  },
  assigned: { label: 'Přidělení', hint: 'když vám požadavek přidělí někdo jiný' },
  'quote-answer': { label: 'Odpověď na nabídku', hint: 'klient přijal nebo odmítl cenu a termín' },
  'mail-problem': { label: 'Nedoručený e-mail', hint: 'e-mail klientovi se vrátil nebo se ho nepodařilo odeslat' },
  deadline: {
    label: 'Hlídání termínů',
    hint: 'hodinu před termínem první odpovědi a den před dohodnutým termínem, a když termín uplyne (po termínu i administrátoři)',
  },
  'access-request': { label: 'Žádost o přístup', hint: 'firma žádá o heslo (jen administrátoři)' },
  'unmatched-mail': { label: 'Nezařazená pošta', hint: 'e-mail, který nešlo přiřadit k požadavku (jen administrátoři)' },
};
const deliveryLabels: Record<AlertDelivery, string> = { immediate: 'hned', digest: 'v denním přehledu', off: 'vůbec' };

/** Each kind of alert with its three choices, as radio buttons (works without JavaScript). */
function alertsSection(staff: Staff, csrf: string) {
  return html`<section class="card" id="upozorneni" aria-labelledby="h-alerts"><h2 id="h-alerts">Upozornění e-mailem</h2>
    <p>Upozornění chodí na ${staff.email}. Více událostí jednoho požadavku během 5 minut přijde v jedné zprávě; denní přehled chodí v 7:30 a jen tehdy, když je co hlásit. O tom, co uděláte sami, vás neupozorňujeme.</p>
    <form method="post" action="/admin/account/alerts">${csrfField(csrf)}
    <table><thead><tr><th scope="col">Událost</th>${ALERT_DELIVERIES.map((d) => html`<th scope="col">${deliveryLabels[d]}</th>`)}</tr></thead><tbody>
    ${kindsFor(staff.role).map(
      (kind) =>
        html`<tr><th scope="row">${alertKindLabels[kind].label}<br><span class="muted">${alertKindLabels[kind].hint}</span></th>${ALERT_DELIVERIES.map(
          (d) =>
            html`<td><label><input type="radio" name="${kind}" value="${d}"${deliveryOf(staff, kind) === d ? html` checked` : ''}> <span class="skip">${alertKindLabels[kind].label}: </span>${deliveryLabels[d]}</label></td>`,
        )}</tr>`,
    )}
    </tbody></table>
    <div><button type="submit">Uložit upozornění</button></div></form></section>`;
}

export type { Flash };
