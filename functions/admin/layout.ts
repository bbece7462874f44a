import type { StaffRef } from '../core/accounts/staff-accounts';
import type { InboxCounts } from '../core/ports';
import { roleLabels } from '../shared/messages-admin.cs';
import { html, trustedHtml, type HtmlValue, type SafeHtml } from './html';
import { adminJsPath } from './script';
import { adminCssPath, adminFaviconPath } from './styles';

export type NavKey = 'queue' | 'clients' | 'access' | 'unmatched' | 'outbox' | 'billing' | 'templates' | 'staff' | 'settings' | 'account';

export interface Flash {
  kind: 'ok' | 'error';
  text: string;
  list?: string[];
}

export interface LayoutOptions {
  title: string;
  body: SafeHtml;
  me?: StaffRef;
  csrf?: string;
  active?: NavKey;
  counts?: InboxCounts;
  flash?: Flash | undefined;
  bare?: boolean;
}

const count = (n: number | undefined, alert = false) => (n ? html` <span class="${alert ? 'count alert' : 'count'}">${n}</span>` : '');

function nav(o: LayoutOptions & { me: StaffRef }): SafeHtml {
  const item = (key: NavKey, href: string, label: string, extra: HtmlValue = '') =>
    html`<a href="${href}"${o.active === key ? html` aria-current="page"` : ''}>${label}${extra}</a>`;
  const admin = o.me.role === 'admin';
  return html`<nav class="nav" aria-label="Hlavní nabídka">
    ${item('queue', '/admin', 'Fronta')}
    ${admin ? item('clients', '/admin/clients', 'Klienti') : ''}
    ${admin ? item('access', '/admin/access-requests', 'Žádosti o přístup', count(o.counts?.accessRequests)) : ''}
    ${item('unmatched', '/admin/unmatched', 'Nepřiřazená pošta', count(o.counts?.unmatched))}
    ${item('outbox', '/admin/outbox', 'Nedoručené e-maily', count(o.counts?.failedMail, true))}
    ${admin ? item('billing', '/admin/billing', 'Vyúčtování') : ''}
    ${admin ? item('templates', '/admin/templates', 'Šablony') : ''}
    ${admin ? item('staff', '/admin/staff', 'Pracovníci') : ''}
    ${admin ? item('settings', '/admin/settings', 'Nastavení') : ''}
  </nav>`;
}

export function flashBox(flash: Flash | undefined): SafeHtml {
  if (!flash) return html``;
  return html`<div class="flash ${flash.kind}" role="${flash.kind === 'error' ? 'alert' : 'status'}">${flash.text}${
    flash.list?.length ? html`<ul>${flash.list.map((l) => html`<li>${l}</li>`)}</ul>` : ''
  }</div>`;
}

/** The page shell: top bar with navigation and the signed-in person, then the content. */
export function layout(o: LayoutOptions): string {
  const header = o.me
    ? html`<header class="topbar"><div class="topbar-inner">
        <a class="brand" href="/admin">Softech Podpora<small>správa</small></a>
        ${nav({ ...o, me: o.me })}
        <div class="who">
          <a href="/admin/account"${o.active === 'account' ? html` aria-current="page"` : ''}>${o.me.name}</a>
          <span>(${roleLabels[o.me.role]})</span>
          <form method="post" action="/admin/logout"><input type="hidden" name="_csrf" value="${o.csrf ?? ''}"><button class="linkbutton" type="submit">Odhlásit</button></form>
        </div>
      </div></header>`
    : html`<header class="topbar"><div class="topbar-inner"><a class="brand" href="/admin">Softech Podpora<small>správa</small></a></div></header>`;
  const page = html`${trustedHtml('<!doctype html>')}
<html lang="cs">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin">
<title>${o.title} · Softech Podpora – správa</title>
<link rel="icon" href="${adminFaviconPath}" type="image/svg+xml">
<link rel="stylesheet" href="${adminCssPath}">
<script src="${adminJsPath}" defer></script>
</head>
<body>
<a class="skip" href="#obsah">Přeskočit na obsah</a>
${o.bare ? '' : header}
<main id="obsah">
${flashBox(o.flash)}
${o.body}
</main>
</body>
</html>`;
  return page.value;
}
