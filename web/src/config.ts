/**
 * Softech's contacts for when the portal itself cannot be used (the client's internet is down).
 * Shown on "Popis služby" and in the footer. Edit here; the build embeds this file.
 * PLACEHOLDER values: replace with Softech's real numbers before going live.
 */
export interface Contact {
  phone: string;
  fax?: string;
  email?: string;
  address?: string;
  hours: { cs: string; en: string };
}

export const contact: Contact = {
  phone: '+420 545 000 111',
  fax: '+420 545 000 112',
  email: 'podpora@softech.cz',
  address: 'Softech s.r.o., Příkladná 12, 602 00 Brno',
  hours: { cs: 'po–pá 8:00–16:30', en: 'Mon–Fri 8:00–16:30' },
};

/** A tel: link target: digits and the leading plus only. */
export function telHref(phone: string): string {
  return `tel:${phone.replace(/[^\d+]/g, '')}`;
}
