/** What a view may ask of the app. Views get it as a parameter, so they never import the shell. */
import type { Client, Me } from './api.js';
import type { Route } from './router.js';

export type FlashKind = 'info' | 'success' | 'error';

export interface App {
  readonly client: Client | null;
  readonly mustChangePassword: boolean;
  /** The password typed at login, kept in memory only until the forced change is done. */
  readonly loginPassword: string | null;
  navigate(hash: string): void;
  /** A message shown (and announced) on the next rendered view. */
  flash(message: string, kind?: FlashKind): void;
  /** A message shown on the current view at once. */
  notify(message: string, kind?: FlashKind): void;
  setTitle(title: string): void;
  loggedIn(me: Me, password: string): void;
  passwordChanged(): void;
  updateClient(patch: Partial<Client>): void;
  /** Called with the fresh client whenever the background session check answers. */
  onClientUpdate(listener: (client: Client) => void): void;
}

export type View<R extends Route = Route> = (root: HTMLElement, app: App, route: R) => void;
