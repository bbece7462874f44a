import { authRoutes } from '../admin/routes/auth';
import { billingRoutes } from '../admin/routes/billing';
import { clientRoutes } from '../admin/routes/clients';
import { mailRoutes } from '../admin/routes/mail';
import { staffRoutes } from '../admin/routes/staff';
import { templateRoutes } from '../admin/routes/templates';
import { ticketRoutes } from '../admin/routes/tickets';
import { adminApi, cssRoute, faviconRoute, jsRoute, type AdminRoute } from '../admin/http';
import { config } from '../shared/config';

/**
 * The staff admin UI under /admin: server-rendered HTML pages and plain form posts
 * (POST/redirect/GET); one small script only enhances (admin/script.ts), nothing needs it. Each route group parses its form, makes one core
 * call and renders a page or redirects.
 */
/** Exported so the authorization matrix (test/security) can check it covers every route. */
export const adminRoutes: AdminRoute[] = [
  cssRoute,
  jsRoute,
  faviconRoute,
  ...authRoutes,
  ...ticketRoutes,
  ...clientRoutes,
  ...billingRoutes,
  ...mailRoutes,
  ...templateRoutes,
  ...staffRoutes,
];

export const handler = adminApi(adminRoutes, config().ALLOWED_ORIGINS);
