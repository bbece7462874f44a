import { changeClientPassword, loginClient, logout } from '../core/accounts/client-accounts';
import { submitAccessRequest } from '../core/accounts/access-requests';
import { clientTicket, clientTicketSummary, clientTicketView } from '../core/tickets/client-view';
import {
  accessRequestSchema,
  acceptanceSchema,
  loginSchema,
  newTicketSchema,
  passwordChangeSchema,
  ticketNumberSchema,
} from '../core/schemas';
import { SESSION_HOURS } from '../core/accounts/sessions';
import { answerQuote, clientAttachmentUrl, createTicket, getClientTicket, listTickets } from '../core/tickets/client-tickets';
import { clearedSessionCookie, optionalClientSession, requireClient, sessionCookie } from '../http/client-session';
import { config } from '../shared/config';
import { HttpError } from '../http/errors';
import { clientAddress, bodyOf, httpApi, json, parseBody, type HttpEvent, type Route } from '../http/http-api';
import { getApp, getDownloadLinks } from '../wiring/client-api';

/** The client API of DESIGN §4: each route parses its input, makes one core call and answers. */

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

/** Exported so the authorization matrix (test/security) can check it covers every route. */
export const clientApiRoutes: Route[] = [
  { method: 'GET', path: '/api/health', handler: async () => json(200, { ok: true }) },

  {
    method: 'POST',
    path: '/api/login',
    handler: async (event) => {
      const app = await getApp();
      const result = await loginClient(app.accounts, parseBody(loginSchema, bodyOf(event)), clientAddress(event));
      return json(
        200,
        { client: result.client, mustChangePassword: result.mustChangePassword },
        {
          cookies: [sessionCookie(result.token, SESSION_HOURS * 3600)],
        },
      );
    },
  },

  {
    method: 'POST',
    path: '/api/logout',
    handler: async (event) => {
      const app = await getApp();
      const session = await optionalClientSession(app, event);
      if (session) await logout(app.accounts, session);
      return json(204, undefined, { cookies: [clearedSessionCookie()] });
    },
  },

  {
    method: 'GET',
    path: '/api/me',
    handler: async (event) => {
      const app = await getApp();
      const { session, client } = await requireClient(app, event, true);
      const profile = await app.store.getClient(client.ico);
      return json(200, {
        client: { ...client, ...(profile?.lastContactEmail && { lastContactEmail: profile.lastContactEmail }) },
        mustChangePassword: session.mustChangePassword,
      });
    },
  },

  {
    method: 'POST',
    path: '/api/password',
    handler: async (event) => {
      const app = await getApp();
      const { session } = await requireClient(app, event, true);
      await changeClientPassword(app.accounts, session, parseBody(passwordChangeSchema, bodyOf(event)));
      return json(204);
    },
  },

  {
    method: 'POST',
    path: '/api/tickets',
    handler: async (event) => {
      const app = await getApp();
      const { client } = await requireClient(app, event);
      const input = parseBody(newTicketSchema, bodyOf(event));
      const { ticket, replayed } = await createTicket(app.tickets, client, input, idempotencyKey(event));
      return json(replayed ? 200 : 201, clientTicket(ticket));
    },
  },

  {
    method: 'GET',
    path: '/api/tickets',
    handler: async (event) => {
      const app = await getApp();
      const { client } = await requireClient(app, event);
      return json(200, { tickets: (await listTickets(app.tickets, client)).map(clientTicketSummary) });
    },
  },

  {
    method: 'GET',
    path: '/api/tickets/{number}',
    handler: async (event) => {
      const app = await getApp();
      const { client } = await requireClient(app, event);
      return json(200, clientTicketView(await getClientTicket(app.tickets, client, ticketNumber(event))));
    },
  },

  {
    method: 'GET',
    path: '/api/tickets/{number}/attachments/{id}',
    handler: async (event) => {
      const app = await getApp();
      const { client } = await requireClient(app, event);
      const url = await clientAttachmentUrl(
        { tickets: app.store, blobs: await getDownloadLinks() },
        client,
        ticketNumber(event),
        event.pathParameters?.id ?? '',
      );
      return json(302, undefined, { headers: { Location: url } });
    },
  },

  {
    method: 'POST',
    path: '/api/tickets/{number}/acceptance',
    handler: async (event) => {
      const app = await getApp();
      const { client } = await requireClient(app, event);
      const answer = parseBody(acceptanceSchema, bodyOf(event));
      return json(200, { ticket: clientTicket(await answerQuote(app.tickets, client, ticketNumber(event), answer)) });
    },
  },

  {
    method: 'POST',
    path: '/api/access-requests',
    handler: async (event) => {
      const app = await getApp();
      await submitAccessRequest(app.accessRequests, parseBody(accessRequestSchema, bodyOf(event)), clientAddress(event));
      return json(202, { accepted: true });
    },
  },
];

export const handler = httpApi(clientApiRoutes, config().ALLOWED_ORIGINS);
