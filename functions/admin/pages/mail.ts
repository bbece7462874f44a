import type { OutboxMail } from '../../core/model';
import type { HandledUnmatchedMail } from '../../core/ports';
import type { UnmatchedMail } from '../../core/model';
import { attachmentsNotFiledText, outboxKindLabels } from '../../shared/messages-admin.cs';
import { unmatchedReasonLabels } from '../../core/labels.cs';
import { adminPath, html } from '../html';
import type { CursorPage } from '../../core/paging';
import {
  csrfField,
  errorSummary,
  field,
  foldedList,
  formatDateTime,
  formatSize,
  formInput,
  listPager,
  pagedRows,
  timeTag,
  type FormState,
} from '../components';

export function unmatchedListBody(o: { mails: CursorPage<UnmatchedMail>; strana?: string | undefined }) {
  return html`<h1>Nepřiřazená pošta</h1>
  <p class="subtitle">Příchozí e-maily, které se nepodařilo spolehlivě přiřadit k požadavku. Přiřaďte je, nebo vyřaďte.</p>
  <div class="card tight"><table>
    <thead><tr><th scope="col">Přijato</th><th scope="col">Od</th><th scope="col">Předmět</th><th scope="col">Důvod</th></tr></thead>
    <tbody>${pagedRows(
      o.mails,
      4,
      'Žádná nepřiřazená pošta.',
      (m) => html`<tr><td class="nowrap">${formatDateTime(m.receivedAt)}</td><td>${m.from ?? '–'}</td>
      <td><a href="${adminPath(['unmatched', m.id])}">${m.subject || '(bez předmětu)'}</a>${m.virus ? html` <span class="badge virus">virus</span>` : ''}${m.attachmentsNotFiled ? html` <span class="badge failed">přílohy neuložené všechny</span>` : ''}</td>
      <td>${unmatchedReasonLabels[m.reason] ?? m.reason}${m.candidateTicket ? html` (#${m.candidateTicket})` : ''}</td></tr>`,
    )}</tbody>
  </table></div>
  ${listPager(o.mails, o.strana, ['unmatched'])}`;
}

/** The controls of the two forms by field name (the error summary links to them). */
const unmatchedFormIds = { attach: { ticket: 'f-ticket', addSender: 'attach-add-sender' }, discard: { reason: 'discard-reason' } };

export function unmatchedDetailBody(o: { mail: HandledUnmatchedMail; csrf: string; form?: FormState | undefined }) {
  const m = o.mail;
  const attach = formInput(o.form, 'attach');
  const discard = formInput(o.form, 'discard');
  return html`<h1>${m.subject || '(bez předmětu)'}</h1>
  <p class="subtitle">Nepřiřazený e-mail · ${unmatchedReasonLabels[m.reason] ?? m.reason}</p>
  ${errorSummary(o.form?.fields, o.form?.form === 'discard' ? unmatchedFormIds.discard : unmatchedFormIds.attach)}
  <div class="grid"><div>
    <section class="card">
      <dl class="facts"><dt>Od</dt><dd>${m.from ?? '–'}</dd><dt>Přijato</dt><dd>${timeTag(m.receivedAt)}</dd>
      <dt>Důvod</dt><dd>${unmatchedReasonLabels[m.reason] ?? m.reason}</dd>
      ${m.candidateTicket ? html`<dt>Zmíněný požadavek</dt><dd><a href="${adminPath(['tickets', m.candidateTicket])}">#${m.candidateTicket}</a></dd>` : ''}</dl>
      ${m.virus ? html`<p class="warn">Zpráva obsahovala virus; přílohy nebyly uloženy.</p>` : ''}
      ${
        m.attachmentsNotFiled
          ? html`<div class="flash error" id="attachments-not-filed" role="alert"><p><strong>Přílohy nejsou uložené všechny.</strong> ${attachmentsNotFiledText(
              m.attachmentsNotFiled,
            )} <a href="${adminPath(['unmatched', m.id, 'raw'])}">Stáhnout původní zprávu (.eml)</a> (otevřete ji v poštovním programu a zbylé přílohy uložte z ní). Po přiřazení k požadavku zůstane upozornění i u něj.</p></div>`
          : ''
      }
      <h2>Text zprávy</h2>
      <p class="hint">Zobrazeno jako prostý text (HTML se nevykresluje). Úplná zpráva je v souboru .eml.</p>
      <pre class="text" id="preview">${m.textPreview}</pre>
      ${
        m.attachments.length
          ? html`<h3>Přílohy</h3>${foldedList(
              'ul',
              'files',
              m.attachments.map(
                (a) =>
                  html`<li><a href="${adminPath(['unmatched', m.id, 'attachments', a.id])}">${a.filename}</a> <span class="muted">${formatSize(a.size)}</span></li>`,
              ),
            )}`
          : ''
      }
      <p><a href="${adminPath(['unmatched', m.id, 'raw'])}">Stáhnout původní zprávu (.eml)</a></p>
    </section>
  </div><div class="sidebar">${
    m.state === 'open'
      ? html`
    <section class="card"><h2>Přiřadit k požadavku</h2>
      <form class="stack" method="post" action="${adminPath(['unmatched', m.id, 'attach'])}">${csrfField(o.csrf)}
        ${field({ label: 'Pořadové číslo požadavku', name: 'ticket', required: true, value: attach.value('ticket') ?? m.candidateTicket, error: attach.error('ticket'), attrs: html` inputmode="numeric"` })}
        ${m.from ? html`<label class="checkbox"><input type="checkbox" id="attach-add-sender" name="addSender" value="on"${attach.value('addSender') ? html` checked` : ''}> Přidat ${m.from} mezi známé adresy klienta</label>` : ''}
        <div><button type="submit">Přiřadit</button></div>
      </form></section>
    <section class="card"><h2>Vyřadit</h2>
      <form class="stack" method="post" action="${adminPath(['unmatched', m.id, 'discard'])}">${csrfField(o.csrf)}
        ${field({ label: 'Poznámka', name: 'reason', type: 'textarea', maxlength: 2000, hint: 'Nepovinné, např. „spam“.', id: 'discard-reason', value: discard.value('reason'), error: discard.error('reason'), attrs: html` rows="2"` })}
        <div><button type="submit" class="danger">Vyřadit zprávu</button></div>
      </form></section>`
      : html`<section class="card"><p>Zpracoval ${m.handledBy ?? ''} ${timeTag(m.handledAt)}: ${m.state === 'attached' ? html`přiřazeno k <a href="${adminPath(['tickets', m.attachedTo ?? 0])}">#${m.attachedTo}</a>` : 'vyřazeno'}.</p></section>`
  }
  </div></div>`;
}

export function failedMailBody(o: { mails: CursorPage<OutboxMail>; csrf: string; strana?: string | undefined }) {
  return html`<h1>Nedoručené e-maily</h1>
  <p class="subtitle">Odchozí zprávy, které se ani po opakovaných pokusech nepodařilo odeslat. Po odstranění příčiny je odešlete znovu.</p>
  <div class="card tight"><table>
    <thead><tr><th scope="col">Požadavek</th><th scope="col">Komu</th><th scope="col">Předmět</th><th scope="col">Pokusy</th><th scope="col">Chyba</th><th scope="col"><span class="skip">Akce</span></th></tr></thead>
    <tbody>${pagedRows(
      o.mails,
      6,
      'Žádné nedoručené e-maily.',
      (m) => html`<tr>
      <td class="num"><a href="${adminPath(['tickets', m.ticket])}">#${m.ticket}</a></td><td>${m.to.join(', ')}</td>
      <td>${m.subject}<br><span class="muted">${outboxKindLabels[m.kind] ?? m.kind} · ${formatDateTime(m.createdAt)}</span></td>
      <td class="num">${m.attempts}</td><td class="warn">${m.lastError ?? ''}</td>
      <td><form method="post" action="${adminPath(['outbox', m.ticket, m.id, 'retry'])}">${csrfField(o.csrf)}<button type="submit" class="small">Odeslat znovu</button></form></td></tr>`,
    )}</tbody>
  </table></div>
  ${listPager(o.mails, o.strana, ['outbox'])}`;
}
