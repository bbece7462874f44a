import type { Category } from '../model';
import { addBusinessMinutes, CZECH_BUSINESS_TIME, type BusinessCalendar } from './business-time';

/**
 * First-response targets in business hours, per category: an express service call (*expresní
 * servisní zásah*) within 2, everything else within 8 (one business day). Express requests count in
 * business time like the rest: outside it nobody is at the desk to answer, and a target that ran
 * out at night would only make every morning start overdue.
 */
export const FIRST_RESPONSE_HOURS: Record<Category, number> = {
  'service-express': 2,
  service: 8,
  website: 8,
  'mailbox-create': 8,
  'mailbox-cancel': 8,
  'mailbox-forwarding': 8,
  domain: 8,
  'webspace-access': 8,
  'information-system': 8,
  other: 8,
};

/** When the first answer to a request of `category` received at `receivedAt` is due. */
export function firstResponseDue(category: Category, receivedAt: Date, cal: BusinessCalendar = CZECH_BUSINESS_TIME): Date {
  return addBusinessMinutes(receivedAt, FIRST_RESPONSE_HOURS[category] * 60, cal);
}
