/**
 * Hash routes, so the portal works from S3 without rewrites: #/login, #/pristup, #/popis, #/heslo,
 * #/novy, #/odeslano/12, #/pozadavky, #/pozadavky/12. Hashes without "#/" are in-page anchors.
 */
export type Route =
  | { name: 'login' }
  | { name: 'access' }
  | { name: 'access-done' }
  | { name: 'info' }
  | { name: 'password' }
  | { name: 'new' }
  | { name: 'created'; number: number }
  | { name: 'list' }
  | { name: 'detail'; number: number }
  | { name: 'home' }
  | { name: 'not-found' };

const PUBLIC: ReadonlySet<Route['name']> = new Set(['login', 'access', 'access-done', 'info', 'not-found']);

export function isPublic(route: Route): boolean {
  return PUBLIC.has(route.name);
}

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '').replace(/\/+$/, '');
  if (path === '' || path === '/') return { name: 'home' };
  const numbered = /^\/(pozadavky|odeslano)\/(\d{1,9})$/.exec(path);
  if (numbered) {
    const number = Number(numbered[2]);
    return numbered[1] === 'pozadavky' ? { name: 'detail', number } : { name: 'created', number };
  }
  switch (path) {
    case '/login':
      return { name: 'login' };
    case '/pristup':
      return { name: 'access' };
    case '/pristup/odeslano':
      return { name: 'access-done' };
    case '/popis':
      return { name: 'info' };
    case '/heslo':
      return { name: 'password' };
    case '/novy':
      return { name: 'new' };
    case '/pozadavky':
      return { name: 'list' };
    default:
      return { name: 'not-found' };
  }
}

export const href = {
  login: '#/login',
  access: '#/pristup',
  accessDone: '#/pristup/odeslano',
  info: '#/popis',
  password: '#/heslo',
  new: '#/novy',
  list: '#/pozadavky',
  detail: (n: number) => `#/pozadavky/${n}`,
  created: (n: number) => `#/odeslano/${n}`,
} as const;

/** Only "#/…" hashes are routes; "#main" or "#field-id" are anchors within the page. */
export function isRouteHash(hash: string): boolean {
  return hash === '' || hash === '#' || hash.startsWith('#/');
}
