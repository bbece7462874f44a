/**
 * What staff are told about (docs/alerts.md): each kind can be had at once, in the daily digest or
 * not at all, chosen on the person's account page. The last two go to administrators only.
 */
export const ALERT_KINDS = [
  'new-request',
  'client-mail',
  'assigned',
  'quote-answer',
  'mail-problem',
  'deadline',
  'access-request',
  'unmatched-mail',
] as const;

export type AlertKind = (typeof ALERT_KINDS)[number];

export const ALERT_DELIVERIES = ['immediate', 'digest', 'off'] as const;
export type AlertDelivery = (typeof ALERT_DELIVERIES)[number];
export type AlertPreferences = Partial<Record<AlertKind, AlertDelivery>>;

const ADMIN_KINDS: ReadonlySet<AlertKind> = new Set(['access-request', 'unmatched-mail']);

/** The kinds a staff member can choose: all of them for an administrator. */
export const kindsFor = (role: 'admin' | 'worker'): AlertKind[] => ALERT_KINDS.filter((k) => role === 'admin' || !ADMIN_KINDS.has(k));

/** How this person wants this kind: at once unless they chose otherwise. */
export const deliveryOf = (staff: { alerts?: AlertPreferences | undefined }, kind: AlertKind): AlertDelivery =>
  staff.alerts?.[kind] ?? 'immediate';
