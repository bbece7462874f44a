import type { Staff } from '../../core/model';
import type { StaffRef } from '../../core/staff-accounts';
import { roleLabels } from '../../shared/messages-admin.cs';
import { adminPath, html } from '../html';
import { csrfField, errorSummary, field } from '../components';

export function staffBody(o: { staff: Staff[]; me: StaffRef; csrf: string; values?: Record<string, string>; fields?: Record<string, string> | undefined }) {
  const v = o.values ?? {};
  const f = o.fields ?? {};
  const csrf = csrfField(o.csrf);
  const act = (s: Staff, a: string) => adminPath(['staff', s.email, a]);
  const row = (s: Staff) => {
    const self = s.email === o.me.email;
    return html`<tr>
      <td><strong>${s.name}</strong><br><span class="muted">${s.email}</span></td>
      <td>${self ? roleLabels[s.role] : html`<form class="inline" method="post" action="${act(s, 'role')}">${csrf}
        <label class="skip" for="role-${s.email}">Role</label><select id="role-${s.email}" name="role">${(['worker', 'admin'] as const).map((r) => html`<option value="${r}"${r === s.role ? html` selected` : ''}>${roleLabels[r]}</option>`)}</select>
        <button type="submit" class="small secondary">Uložit</button></form>`}</td>
      <td>${s.active ? html`<span class="badge sent">aktivní</span>` : html`<span class="badge failed">deaktivován</span>`}${s.mustChangePassword ? html`<br><span class="muted">dočasné heslo</span>` : ''}</td>
      <td>${s.totpSecret ? 'zapnuto' : 'vypnuto'}${s.totpRequired ? html` <span class="badge">vyžadováno</span>` : ''}</td>
      <td>${self ? html`<span class="muted">váš účet</span>` : html`<div class="actions">
        <form class="inline" method="post" action="${act(s, 'active')}">${csrf}<input type="hidden" name="value" value="${s.active ? 'off' : 'on'}"><button type="submit" class="small ${s.active ? 'danger' : 'secondary'}">${s.active ? 'Deaktivovat' : 'Aktivovat'}</button></form>
        <form class="inline" method="post" action="${act(s, 'totp-required')}">${csrf}<input type="hidden" name="value" value="${s.totpRequired ? 'off' : 'on'}"><button type="submit" class="small secondary">${s.totpRequired ? 'Nevyžadovat 2FA' : 'Vyžadovat 2FA'}</button></form>
        ${s.totpSecret ? html`<form class="inline" method="post" action="${act(s, 'totp-reset')}">${csrf}<button type="submit" class="small secondary">Zrušit 2FA</button></form>` : ''}
        <form class="inline" method="post" action="${act(s, 'reset-password')}">${csrf}<button type="submit" class="small secondary">Nové heslo</button></form>
      </div>`}</td></tr>`;
  };
  return html`<h1>Pracovníci</h1>
  <p class="subtitle">Administrátoři spravují klienty a pracovníky; pracovníci řeší požadavky. Deaktivovaný pracovník se nepřihlásí a jeho přihlášení končí.</p>
  <div class="card tight"><table>
    <thead><tr><th scope="col">Pracovník</th><th scope="col">Role</th><th scope="col">Účet</th><th scope="col">Dvoufázové ověření</th><th scope="col">Akce</th></tr></thead>
    <tbody>${o.staff.map(row)}</tbody></table></div>
  <section class="card" aria-labelledby="h-new-staff"><h2 id="h-new-staff">Nový pracovník</h2>
    ${errorSummary(o.fields)}
    <form class="stack" method="post" action="/admin/staff">${csrf}
      <div class="row">
        ${field({ label: 'Jméno', name: 'name', required: true, maxlength: 200, value: v.name, error: f.name })}
        ${field({ label: 'E-mail', name: 'email', type: 'email', required: true, maxlength: 254, value: v.email, error: f.email })}
        <div class="field"><label for="f-role">Role</label><select id="f-role" name="role"><option value="worker"${v.role !== 'admin' ? html` selected` : ''}>pracovník</option><option value="admin"${v.role === 'admin' ? html` selected` : ''}>administrátor</option></select></div>
      </div>
      <label class="checkbox"><input type="checkbox" name="totpRequired" value="on"${v.totpRequired ? html` checked` : ''}> Vyžadovat dvoufázové ověření</label>
      <div><button type="submit">Založit pracovníka</button></div>
    </form>
  </section>`;
}
