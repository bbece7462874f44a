import type { Staff } from '../model';
import type { StaffDirectoryStore } from '../ports';
import { kindsFor, type AlertPreferences } from './kinds';

/** A person's own choice of alerts (account page): only the kinds their role can have; the rest as it was. */
export async function setAlertPreferences(
  deps: { staff: Pick<StaffDirectoryStore, 'updateStaff'> },
  me: Pick<Staff, 'email' | 'role' | 'alerts'>,
  chosen: AlertPreferences,
): Promise<AlertPreferences> {
  const allowed = new Set(kindsFor(me.role));
  const alerts: AlertPreferences = { ...me.alerts };
  for (const [kind, delivery] of Object.entries(chosen) as Array<
    [keyof AlertPreferences, NonNullable<AlertPreferences[keyof AlertPreferences]>]
  >) {
    if (allowed.has(kind)) alerts[kind] = delivery;
  }
  await deps.staff.updateStaff(me.email, { set: { alerts } });
  return alerts;
}
