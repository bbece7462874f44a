import type { Staff } from '../../core/model';
import type { StaffRef } from '../../core/accounts/staff-accounts';
import { roleLabels } from '../../shared/messages-admin.cs';
import { adminPath, html } from '../html';
import { csrfField, errorSummary, field, formInput, select, type FormState } from '../components';

/** The form of a row's action on one staff member, as named in a FormState (`role admin@firma.cz`). */
export const staffRowForm = (action: string, email: string) => `${action} ${email}`;

export function staffBody(o: { staff: Staff[]; me: StaffRef; csrf: string; form?: FormState | undefined }) {
  const create = formInput(o.form, 'create');
  const csrf = csrfField(o.csrf);
  const act = (s: Staff, a: string) => adminPath(['staff', s.email, a]);
  const roleError = (s: Staff) => formInput(o.form, staffRowForm('role', s.email)).error('role');
  // the summary links to the control of the form sent back: the new-staff form or a row's role (the other row buttons have none)
  const roleRow = o.staff.find((s) => o.form?.form === staffRowForm('role', s.email));
  const summaryIds: Record<string, string> =
    o.form?.form === 'create'
      ? { name: 'f-name', email: 'f-email', role: 'f-role', totpRequired: 'f-totpRequired' }
      : roleRow
        ? { role: `role-${roleRow.email}` }
        : {};
  const row = (s: Staff) => {
    const self = s.email === o.me.email;
    return html`<tr>
      <td><strong>${s.name}</strong><br><span class="muted">${s.email}</span></td>
      <td>${
        self
          ? roleLabels[s.role]
          : html`<form class="inline" method="post" action="${act(s, 'role')}">${csrf}
        <label class="skip" for="role-${s.email}">Role</label><select id="role-${s.email}" name="role"${roleError(s) ? html` aria-invalid="true" aria-describedby="role-${s.email}-error"` : ''}>${(
          ['worker', 'admin'] as const
        ).map((r) => html`<option value="${r}"${r === s.role ? html` selected` : ''}>${roleLabels[r]}</option>`)}</select>
        ${roleError(s) ? html`<span class="error" id="role-${s.email}-error">${roleError(s)}</span>` : ''}
        <button type="submit" class="small secondary">Uložit</button></form>`
      }</td>
      <td>${s.active ? html`<span class="badge sent">aktivní</span>` : html`<span class="badge failed">deaktivován</span>`}${s.mustChangePassword ? html`<br><span class="muted">dočasné heslo</span>` : ''}</td>
      <td>${s.totpSecret ? 'zapnuto' : 'vypnuto'}${s.totpRequired ? html` <span class="badge">vyžadováno</span>` : ''}</td>
      <td>${
        self
          ? html`<span class="muted">váš účet</span>`
          : html`<div class="actions">
        <form class="inline" method="post" action="${act(s, 'active')}">${csrf}<input type="hidden" name="value" value="${s.active ? 'off' : 'on'}"><button type="submit" class="small ${s.active ? 'danger' : 'secondary'}">${s.active ? 'Deaktivovat' : 'Aktivovat'}</button></form>
        <form class="inline" method="post" action="${act(s, 'totp-required')}">${csrf}<input type="hidden" name="value" value="${s.totpRequired ? 'off' : 'on'}"><button type="submit" class="small secondary">${s.totpRequired ? 'Nevyžadovat 2FA' : 'Vyžadovat 2FA'}</button></form>
        ${s.totpSecret ? html`<form class="inline" method="post" action="${act(s, 'totp-reset')}">${csrf}<button type="submit" class="small secondary">Zrušit 2FA</button></form>` : ''}
        <form class="inline" method="post" action="${act(s, 'reset-password')}">${csrf}<button type="submit" class="small secondary">Nové heslo</button></form>
      </div>`
      }</td></tr>`;
  };
  return html`<h1>Pracovníci</h1>
  ${errorSummary(o.form?.fields, summaryIds)}
  <p class="subtitle">Administrátoři spravují klienty a pracovníky; pracovníci řeší požadavky. Deaktivovaný pracovník se nepřihlásí a jeho přihlášení končí.</p>
  <div class="card tight"><table>
    <thead><tr><th scope="col">Pracovník</th><th scope="col">Role</th><th scope="col">Účet</th><th scope="col">Dvoufázové ověření</th><th scope="col">Akce</th></tr></thead>
    <tbody>${o.staff.map(row)}</tbody></table></div>
  <section class="card" aria-labelledby="h-new-staff"><h2 id="h-new-staff">Nový pracovník</h2>
    <form class="stack" method="post" action="/admin/staff">${csrf}
      <div class="row">
        ${field({ label: 'Jméno', name: 'name', required: true, maxlength: 200, value: create.value('name'), error: create.error('name') })}
        ${field({ label: 'E-mail', name: 'email', type: 'email', required: true, maxlength: 254, value: create.value('email'), error: create.error('email') })}
        ${select({
          label: 'Role',
          name: 'role',
          options: [
            ['worker', 'pracovník'],
            ['admin', 'administrátor'],
          ],
          value: create.value('role') ?? 'worker',
          error: create.error('role'),
        })}
      </div>
      <label class="checkbox"><input type="checkbox" id="f-totpRequired" name="totpRequired" value="on"${create.value('totpRequired') ? html` checked` : ''}> Vyžadovat dvoufázové ověření</label>
      <div><button type="submit">Založit pracovníka</button></div>
    </form>
  </section>`;
}
