import type { View } from '../app-context.js';
import { CATEGORIES, categoryLabel } from '../catalog.js';
import { contact, telHref } from '../config.js';
import { h } from '../dom.js';
import { lang, t, type MessageKey } from '../i18n/index.js';
import { href } from '../router.js';

const STEPS: MessageKey[] = ['info.step1', 'info.step2', 'info.step3', 'info.step4', 'info.step5', 'info.step6', 'info.step7'];

export const serviceInfoView: View = (root, app) => {
  app.setTitle(t('info.title'));
  const back = app.client
    ? h('a', { href: href.new, class: 'back-link' }, t('nav.new'))
    : h('a', { href: href.login, class: 'back-link' }, t('common.backToLogin'));
  const contactRows: [string, Node | string][] = [
    [t('info.phone'), h('a', { href: telHref(contact.phone) }, contact.phone)],
    ...(contact.fax ? [[t('info.fax'), contact.fax] as [string, string]] : []),
    ...(contact.email ? [[t('info.email'), h('a', { href: `mailto:${contact.email}` }, contact.email)] as [string, Node]] : []),
    ...(contact.address ? [[t('info.address'), contact.address] as [string, string]] : []),
    [t('info.hours'), contact.hours[lang()]],
  ];
  root.append(
    h(
      'div',
      { class: 'panel prose' },
      h('p', null, back),
      h('h1', { tabindex: -1 }, t('info.title')),
      h('p', { class: 'lead' }, t('info.intro')),
      h('h2', null, t('info.kindsTitle')),
      h(
        'ul',
        { class: 'kinds' },
        CATEGORIES.map((category) => h('li', null, capitalize(categoryLabel(category)))),
      ),
      h('h2', null, t('info.stepsTitle')),
      h(
        'ol',
        { class: 'steps' },
        STEPS.map((key) => h('li', null, t(key))),
      ),
      h('h2', null, t('info.credentialsTitle')),
      h('p', null, t('info.credentials')),
      app.client ? null : h('p', null, h('a', { href: href.access }, t('info.requestAccess'))),
      h(
        'section',
        { class: 'offline', 'aria-labelledby': 'info-offline' },
        h('h2', { id: 'info-offline' }, t('info.offlineTitle')),
        h('p', null, t('info.offline')),
        h(
          'dl',
          { class: 'facts' },
          contactRows.map(([label, value]) => h('div', { class: 'fact' }, h('dt', null, label), h('dd', null, value))),
        ),
      ),
      h('p', null, back.cloneNode(true)),
    ),
  );
};

function capitalize(text: string): string {
  return text.charAt(0).toLocaleUpperCase() + text.slice(1);
}
