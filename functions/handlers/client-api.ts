import { changeClientPassword, loginClient, logout } from '../core/accounts/client-accounts';
import { submitAccessRequest } from '../core/accounts/access-requests';
import { SESSION_HOURS } from '../core/accounts/sessions';
import type { Session } from '../core/model';
import { accessRequestSchema, loginSchema, passwordChangeSchema } from '../core/accounts/bodies';
import { acceptanceSchema, newTicketSchema, ticketListQuerySchema, ticketNumberSchema } from '../core/tickets/bodies';
import { clientTicket, clientTicketSummary, clientTicketView } from '../core/tickets/client-view';
import {
  answerQuote,
  type ClientRef,
  clientAttachmentUrl,
  createTicket,
  getClientTicket,
  listTickets,
} from '../core/tickets/client-tickets';
import { clearedSessionCookie, optionalClientSession, requireClient, sessionCookie } from '../http/client-session';
import { HttpError } from '../http/errors';
import {
  bodyOf,
  clientAddress,
  fieldErrors,
  type HttpEvent,
  type HttpResponse,
  httpApi,
  json,
  parseBody,
  type Route,
} from '../http/http-api';
import { config } from '../shared/config';
import type * as z from '../shared/zod';
import type { App } from '../wiring/app';
import { getApp, getDownloadLinks, getTicketList } from '../wiring/client-api';

/**
 * The client API (docs/http-contract.md) as data: each route says who may call it, which schema its
 * body must pass, and the one core call it makes. The authorization matrix (test/security) reads
 * this table, so a route cannot exist without saying who may call it.
 *
 * - `anyone`: no session needed (health, login, logout, access requests);
 * - `client`: a client session whose temporary password has been changed (else 403
 *   password_change_required); without a session 401;
 * - `client-pending`: any client session, also one that must still change its password (me, password).
 */
export type ClientAccess = 'anyone' | 'client' | 'client-pending';

interface Caller {
  session: Session;
  client: ClientRef;
}

interface Call<Body, Who> {
  event: HttpEvent;
  app: App;
  body: Body;
  caller: Who;
}

export interface ClientRoute {
  method: Route['method'];
  path: string;
  access: ClientAccess;
  route: Route;
}

type Spec<S extends z.ZodMiniType | undefined, A extends ClientAccess> = {
  method: Route['method'];
  path: string;
  access: A;
  body?: S;
  run: (call: Call<S extends z.ZodMiniType ? z.infer<S> : undefined, A extends 'anyone' ? undefined : Caller>) => Promise<HttpResponse>;
};

function clientRoute<A extends ClientAccess, S extends z.ZodMiniType | undefined = undefined>(spec: Spec<S, A>): ClientRoute {
  const handler = async (event: HttpEvent) => {
    const app = await getApp();
    const caller = spec.access === 'anyone' ? undefined : await requireClient(app, event, spec.access === 'client-pending');
    const body = spec.body ? parseBody(spec.body, bodyOf(event)) : undefined;
    return spec.run({ event, app, body, caller } as Parameters<Spec<S, A>['run']>[0]);
  };
  return { method: spec.method, path: spec.path, access: spec.access, route: { method: spec.method, path: spec.path, handler } };
}

const ticketNumber = (event: HttpEvent) => {
  const parsed = ticketNumberSchema.safeParse(event.pathParameters?.number);
  if (!parsed.success) throw new HttpError(404, 'not_found');
  return parsed.data;
};

const idempotencyKey = (event: HttpEvent) => {
  const key = event.headers['idempotency-key'];
  if (key !== undefined && !/^[A-Za-z0-9_-]{8,100}$/.test(key)) {
    throw new HttpError(400, 'validation_failed', { 'Idempotency-Key': 'Klíč opakování musí mít 8–100 znaků A–Z, a–z, 0–9, - nebo _.' });
  }
  return key;
};

export const clientApiRoutes: readonly ClientRoute[] = [
  clientRoute({ method: 'GET', path: '/api/health', access: 'anyone', run: async () => json(200, { ok: true }) }),

  clientRoute({
    method: 'POST',
    path: '/api/login',
    access: 'anyone',
    body: loginSchema,
    run: async ({ app, body, event }) => {
      const result = await loginClient(app.accounts, body, clientAddress(event));
      return json(
        200,
        { client: result.client, mustChangePassword: result.mustChangePassword },
        { cookies: [sessionCookie(result.token, SESSION_HOURS * 3600)] },
      );
    },
  }),

  clientRoute({
    method: 'POST',
    path: '/api/logout',
    access: 'anyone', // a logout without a (valid) session still clears the cookie
    run: async ({ app, event }) => {
      const session = await optionalClientSession(app, event);
      if (session) await logout(app.accounts, session);
      return json(204, undefined, { cookies: [clearedSessionCookie()] });
    },
  }),

  clientRoute({
    method: 'GET',
    path: '/api/me',
    access: 'client-pending',
    run: async ({ app, caller: { session, client } }) => {
      const profile = await app.stores.accounts.getClient(client.ico);
      return json(200, {
        client: { ...client, ...(profile?.lastContactEmail && { lastContactEmail: profile.lastContactEmail }) },
        mustChangePassword: session.mustChangePassword,
      });
    },
  }),

  clientRoute({
    method: 'POST',
    path: '/api/password',
    access: 'client-pending',
    body: passwordChangeSchema,
    run: async ({ app, body, caller }) => {
      await changeClientPassword(app.accounts, caller.session, body);
      return json(204);
    },
  }),

  clientRoute({
    method: 'POST',
    path: '/api/tickets',
    access: 'client',
    body: newTicketSchema,
    run: async ({ app, body, caller, event }) => {
      const { ticket, replayed } = await createTicket(app.tickets, caller.client, body, idempotencyKey(event));
      return json(replayed ? 200 : 201, clientTicket(ticket));
    },
  }),

  clientRoute({
    method: 'GET',
    path: '/api/tickets',
    access: 'client',
    run: async ({ caller, event }) => {
      const query = ticketListQuerySchema.safeParse(event.queryStringParameters ?? {});
      if (!query.success) throw new HttpError(400, 'validation_failed', fieldErrors(query.error));
      const page = await listTickets(await getTicketList(), caller.client, query.data);
      return json(200, {
        tickets: page.items.map(clientTicketSummary),
        ...(page.next && { next: page.next }),
        ...(page.prev && { prev: page.prev }),
      });
    },
  }),

  clientRoute({
    method: 'GET',
    path: '/api/tickets/{number}',
    access: 'client',
    run: async ({ app, caller, event }) =>
      json(200, clientTicketView(await getClientTicket(app.tickets, caller.client, ticketNumber(event)))),
  }),

  clientRoute({
    method: 'GET',
    path: '/api/tickets/{number}/attachments/{id}',
    access: 'client',
    run: async ({ app, caller, event }) => {
      const links = { tickets: app.stores.tickets, blobs: await getDownloadLinks() };
      const url = await clientAttachmentUrl(links, caller.client, ticketNumber(event), event.pathParameters?.id ?? '');
      return json(302, undefined, { headers: { Location: url } });
    },
  }),

  clientRoute({
    method: 'POST',
    path: '/api/tickets/{number}/acceptance',
    access: 'client',
    body: acceptanceSchema,
    run: async ({ app, body, caller, event }) =>
      json(200, { ticket: clientTicket(await answerQuote(app.tickets, caller.client, ticketNumber(event), body)) }),
  }),

  clientRoute({
    method: 'POST',
    path: '/api/access-requests',
    access: 'anyone',
    body: accessRequestSchema,
    run: async ({ app, body, event }) => {
      await submitAccessRequest(app.accessRequests, body, clientAddress(event));
      return json(202, { accepted: true });
    },
  }),
];

export const handler = httpApi(
  clientApiRoutes.map((r) => r.route),
  config().ALLOWED_ORIGINS,
);
