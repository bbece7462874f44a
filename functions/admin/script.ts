import { createHash } from 'node:crypto';

/**
 * The admin UI's one script, an enhancement only: every page works without it. Served by the admin
 * function from its own path (the CSP allows scripts from this origin only, none inline).
 *
 * Reply templates: with JavaScript, *Vložit* puts the picked template, already filled from the
 * ticket (`#template-texts`), into the reply text at the cursor without reloading the page, so what
 * was written stays; without it, the button asks the server for the page with the template filled in.
 */
export const adminJs = `'use strict';
document.addEventListener('DOMContentLoaded', () => {
  const pick = document.querySelector('form.template-pick');
  const reply = document.getElementById('reply-text');
  const texts = document.getElementById('template-texts');
  if (!pick || !reply || !texts) return;
  pick.addEventListener('submit', (event) => {
    const id = pick.elements.namedItem('sablona').value;
    const filled = [...texts.children].find((t) => t.dataset.id === id);
    if (!filled) return;
    event.preventDefault();
    const text = filled.dataset.text;
    const start = reply.selectionStart ?? reply.value.length;
    const end = reply.selectionEnd ?? start;
    reply.setRangeText(text, start, end, 'end');
    reply.focus();
    reply.dispatchEvent(new Event('input', { bubbles: true }));
  });
});
`;

export const adminJsPath = `/admin/assets/admin-${createHash('sha256').update(adminJs).digest('hex').slice(0, 10)}.js`;
