import { authRoutes } from '../admin/routes/auth';
import { clientRoutes } from '../admin/routes/clients';
import { mailRoutes } from '../admin/routes/mail';
import { staffRoutes } from '../admin/routes/staff';
import { ticketRoutes } from '../admin/routes/tickets';
import { adminApi, cssRoute, faviconRoute } from '../admin/http';
import { config } from '../shared/config';

/**
 * The staff admin UI under /admin: server-rendered HTML pages and plain form posts
 * (POST/redirect/GET), no client-side script. Each route group parses its form, makes one core
 * call and renders a page or redirects.
 */
export const handler = adminApi([cssRoute, faviconRoute, ...authRoutes, ...ticketRoutes, ...clientRoutes, ...mailRoutes, ...staffRoutes], config().ALLOWED_ORIGINS);
