/** Header (brand, language switch, navigation when logged in) and footer (contacts). */
import type { Client } from './api.js';
import { contact, telHref } from './config.js';
import { h, replaceChildren } from './dom.js';
import { t } from './i18n/index.js';
import { href, type Route } from './router.js';

export interface HeaderOptions {
  client: Client | null;
  route: Route;
  onSwitchLang(): void;
  onLogout(): void;
}

export function renderHeader(header: HTMLElement, options: HeaderOptions): void {
  const { client, route } = options;
  const current = (names: Route['name'][]) => (names.includes(route.name) ? 'page' : null);
  const brandHref = client ? href.new : href.login;
  replaceChildren(
    header,
    h(
      'div',
      { class: 'header-bar' },
      h(
        'a',
        { class: 'brand', href: brandHref },
        h('span', { class: 'brand-mark', 'aria-hidden': 'true' }, 'S'),
        h(
          'span',
          { class: 'brand-text' },
          h('span', { class: 'brand-name' }, t('app.name')),
          h('span', { class: 'brand-tagline' }, t('app.tagline')),
        ),
      ),
      h(
        'button',
        { type: 'button', class: 'lang-switch', lang: t('lang.switchCode'), id: 'lang-switch', onclick: options.onSwitchLang },
        t('lang.switch'),
      ),
    ),
    client
      ? h(
          'nav',
          { class: 'site-nav', 'aria-label': t('nav.label') },
          h(
            'ul',
            null,
            h('li', null, h('a', { href: href.new, 'aria-current': current(['new', 'created']) }, t('nav.new'))),
            h('li', null, h('a', { href: href.list, 'aria-current': current(['list', 'detail']) }, t('nav.list'))),
            h('li', null, h('a', { href: href.password, 'aria-current': current(['password']) }, t('nav.password'))),
            h('li', null, h('button', { type: 'button', class: 'link-button', id: 'logout', onclick: options.onLogout }, t('nav.logout'))),
          ),
          h('p', { class: 'client-name' }, t('header.client', { name: client.name })),
        )
      : null,
  );
}

export function renderFooter(footer: HTMLElement): void {
  const [before, after] = t('footer.contact').split('{phone}');
  replaceChildren(
    footer,
    h(
      'div',
      { class: 'footer-inner' },
      h('p', null, before, h('a', { href: telHref(contact.phone) }, contact.phone), after),
      h('p', null, h('a', { href: href.info }, t('footer.info'))),
    ),
  );
}
