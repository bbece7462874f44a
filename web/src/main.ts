/**
 * The portal shell: renders the view for the current hash at once (the login page never waits for
 * the network), checks the session with GET /api/me in the background, and owns focus, titles,
 * flash messages and what happens when a session expires.
 */
import { api, ApiError, setApiHooks, type Client, type Me } from './api.js';
import type { App, FlashKind, View } from './app-context.js';
import { h, replaceChildren } from './dom.js';
import { errorText } from './error-text.js';
import { lang, setLang, t } from './i18n/index.js';
import { renderFooter, renderHeader } from './layout.js';
import { href, isPublic, isRouteHash, parseRoute, type Route } from './router.js';
import { loadingIndicator } from './views/loading.js';
import {
  draftHasContent,
  hasSessionFlag,
  saveMustChangePassword,
  savedMustChangePassword,
  saveSessionFlag,
  saveClient,
  saveDraft,
  savedClient,
  savedDraft,
  savedLang,
  savedReturnTo,
  saveLang,
  saveReturnTo,
} from './storage.js';
import { accessRequestDoneView, accessRequestView } from './views/access-request.js';
import { loginView } from './views/login.js';
import { notFoundView } from './views/not-found.js';
import { passwordView } from './views/password.js';
import { serviceInfoView } from './views/service-info.js';
import { ticketCreatedView } from './views/ticket-created.js';
import { ticketDetailView } from './views/ticket-detail.js';
import { ticketListView } from './views/ticket-list.js';
import { newTicketView } from './views/new-ticket.js';

type Shown = Exclude<Route['name'], 'home'>;
const views: { [K in Shown]: View<Extract<Route, { name: K }>> } = {
  login: loginView,
  access: accessRequestView,
  'access-done': accessRequestDoneView,
  info: serviceInfoView,
  password: passwordView,
  new: newTicketView,
  created: ticketCreatedView,
  list: ticketListView,
  detail: ticketDetailView,
  'not-found': notFoundView,
};

const header = document.getElementById('site-header')!;
const main = document.getElementById('main')!;
const footer = document.getElementById('site-footer')!;
const skipLink = document.getElementById('skip-link')!;
const flashRegion = h('div', { class: 'flash', role: 'status' });

let client: Client | null = savedClient();
let mustChangePassword = client !== null && savedMustChangePassword();
let loginPassword: string | null = null;
let pendingFlash: { message: string; kind: FlashKind } | null = null;
let clientListeners: ((client: Client) => void)[] = [];
let renderedOnce = false;
/** True while GET /api/me is out and a protected page would otherwise bounce to login. */
let checkingSession = false;

const app: App = {
  get client() {
    return client;
  },
  get mustChangePassword() {
    return mustChangePassword;
  },
  get loginPassword() {
    return loginPassword;
  },
  navigate(hash) {
    if (location.hash === hash) render();
    else location.hash = hash;
  },
  flash(message, kind = 'info') {
    pendingFlash = { message, kind };
  },
  notify(message, kind = 'info') {
    showFlash(message, kind);
  },
  setTitle(title) {
    document.title = `${title} – ${t('common.titleSuffix')}`;
  },
  loggedIn(me: Me, password: string) {
    setClient(me.client);
    setMustChangePassword(me.mustChangePassword);
    loginPassword = me.mustChangePassword ? password : null;
    const returnTo = savedReturnTo();
    saveReturnTo(null);
    // The login answer has no lastContactEmail; fetch it for the new-request form.
    refreshSession();
    app.navigate(mustChangePassword ? href.password : (returnTo ?? href.new));
  },
  passwordChanged() {
    const wasForced = mustChangePassword;
    setMustChangePassword(false);
    loginPassword = null;
    app.flash(t('password.changed'), 'success');
    app.navigate(wasForced ? (savedReturnTo() ?? href.new) : href.new);
    if (wasForced) saveReturnTo(null);
  },
  updateClient(patch) {
    if (client) setClient({ ...client, ...patch });
  },
  onClientUpdate(listener) {
    clientListeners.push(listener);
  },
};

function setMustChangePassword(value: boolean): void {
  mustChangePassword = value;
  saveMustChangePassword(value);
}

function setClient(next: Client | null): void {
  client = next;
  saveClient(next);
  saveSessionFlag(next !== null);
}

function showFlash(message: string, kind: FlashKind): void {
  flashRegion.className = `flash notice notice-${kind}`;
  replaceChildren(flashRegion, h('p', null, message));
}

function clearFlash(): void {
  flashRegion.className = 'flash';
  flashRegion.replaceChildren();
}

/** Resolves redirects (home, guards) to the route that is actually shown, rewriting the URL. */
function resolve(route: Route): Exclude<Route, { name: 'home' }> | { name: 'checking' } {
  const go = (hash: string) => {
    history.replaceState(null, '', hash);
    return resolve(parseRoute(hash));
  };
  if (route.name === 'home') return go(client ? (mustChangePassword ? href.password : href.new) : href.login);
  if (!isPublic(route) && !client) {
    if (checkingSession) return { name: 'checking' };
    saveReturnTo(location.hash);
    return go(href.login);
  }
  if (route.name === 'login' && client) return go(mustChangePassword ? href.password : (savedReturnTo() ?? href.new));
  if (client && mustChangePassword && !isPublic(route) && route.name !== 'password') return go(href.password);
  return route;
}

function render(): void {
  const route = resolve(parseRoute(location.hash));
  clientListeners = [];
  document.documentElement.lang = lang();
  skipLink.textContent = t('app.skip');
  renderHeader(header, {
    client,
    route: route.name === 'checking' ? parseRoute(location.hash) : route,
    onSwitchLang: switchLang,
    onLogout: logout,
  });
  renderFooter(footer);
  const view = h('div', { class: 'view', id: 'view' });
  clearFlash();
  main.replaceChildren(flashRegion, view);
  if (route.name === 'checking') {
    view.append(loadingIndicator());
    return;
  }
  (views[route.name] as View)(view, app, route);
  // Moving focus to the new heading tells screen-reader users the page changed; on the very first
  // load the browser's own start position is the expected one.
  if (renderedOnce) view.querySelector<HTMLElement>('h1')?.focus();
  renderedOnce = true;
  if (pendingFlash) {
    const { message, kind } = pendingFlash;
    pendingFlash = null;
    // Filled after the view so the status region announces it.
    setTimeout(() => showFlash(message, kind), 50);
  }
}

function switchLang(): void {
  const next = lang() === 'cs' ? 'en' : 'cs';
  setLang(next);
  saveLang(next);
  // Whatever was typed survives the re-render (the request form also keeps its draft in storage).
  const values = new Map<string, string>();
  main.querySelectorAll<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>('input, textarea, select').forEach((control) => {
    if (control.id && control.type !== 'checkbox') values.set(control.id, control.value);
  });
  const wasFocusedRender = renderedOnce;
  renderedOnce = false;
  render();
  renderedOnce = wasFocusedRender;
  // The same page in another language is not news: no "draft restored" or other message.
  clearFlash();
  values.forEach((value, id) => {
    const control = document.getElementById(id) as HTMLInputElement | null;
    if (control && control.value !== value) {
      control.value = value;
      control.dispatchEvent(new Event('input', { bubbles: true }));
    }
  });
  document.getElementById('lang-switch')?.focus();
}

async function logout(): Promise<void> {
  try {
    await api.logout();
  } catch (error) {
    if (!(error instanceof ApiError && error.code === 'unauthenticated')) {
      showFlash(errorText(error), 'error');
      return;
    }
  }
  endSession(t('login.loggedOut'), 'success');
  saveDraft(null);
}

function endSession(message: string, kind: FlashKind): void {
  setClient(null);
  setMustChangePassword(false);
  loginPassword = null;
  app.flash(message, kind);
  app.navigate(href.login);
}

function sessionExpired(): void {
  if (!client) return;
  const route = parseRoute(location.hash);
  if (!isPublic(route)) saveReturnTo(location.hash);
  const draftKept = draftHasContent(savedDraft(client.ico));
  endSession(draftKept ? t('error.sessionExpiredDraft') : t('error.unauthenticated'), 'error');
}

function refreshSession(): void {
  api.me().then(
    (me) => {
      const wasChecking = checkingSession;
      checkingSession = false;
      setClient(me.client);
      const forcedNow = me.mustChangePassword && !mustChangePassword;
      setMustChangePassword(me.mustChangePassword);
      const route = parseRoute(location.hash);
      // Re-render only when the page must change (login while logged in, a forced password change,
      // the placeholder shown while checking); otherwise keep what the person is doing.
      if (wasChecking || route.name === 'login' || route.name === 'home' || (forcedNow && !isPublic(route))) render();
      else renderHeader(header, { client: me.client, route, onSwitchLang: switchLang, onLogout: logout });
      for (const listener of clientListeners) listener(me.client);
    },
    (error: unknown) => {
      const wasChecking = checkingSession;
      checkingSession = false;
      if (error instanceof ApiError && error.code === 'unauthenticated') {
        if (client) return sessionExpired();
        saveSessionFlag(false);
        if (wasChecking) app.flash(t('error.unauthenticated'), 'info');
      }
      // Any other failure says nothing about the session; the page's own calls will report it.
      if (wasChecking) render();
    },
  );
}

setApiHooks({
  unauthenticated: sessionExpired,
  passwordChangeRequired() {
    setMustChangePassword(true);
    app.navigate(href.password);
  },
});

// Links to "#field" or "#main" move focus inside the page instead of being taken for routes.
document.addEventListener('click', (event) => {
  const link = (event.target as Element | null)?.closest?.('a[href^="#"]');
  const target = link?.getAttribute('href');
  if (!target || isRouteHash(target)) return;
  const element = document.getElementById(target.slice(1));
  if (!element) return;
  event.preventDefault();
  element.focus();
  element.scrollIntoView({ block: 'center' });
});

window.addEventListener('hashchange', () => {
  if (isRouteHash(location.hash)) render();
});

setLang(savedLang() ?? 'cs');
const askServer = client !== null || hasSessionFlag();
checkingSession = askServer && client === null;
render();
if (askServer) refreshSession();
