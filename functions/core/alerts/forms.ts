import * as z from '../../shared/zod';
import { ALERT_DELIVERIES, ALERT_KINDS, type AlertKind, type AlertPreferences } from './kinds';

/** The alerts form of the account page: for each kind `immediate`, `digest` or `off` (a kind not sent keeps its choice). */
export const alertPreferencesSchema = z.lazy(() =>
  z.pipe(
    z.object(
      Object.fromEntries(
        ALERT_KINDS.map((k) => [
          k,
          z.optional(z.enum(ALERT_DELIVERIES, { error: 'Zvolte u každého druhu upozornění, jak ho chcete dostávat.' })),
        ]),
      ) as Record<AlertKind, z.ZodMiniOptional<z.ZodMiniEnum<{ immediate: 'immediate'; digest: 'digest'; off: 'off' }>>>,
    ),
    z.transform((o): AlertPreferences => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined))),
  ),
);
