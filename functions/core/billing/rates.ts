import type { BillingSettings, Client, ClientBilling } from '../model';
import type { BillingStore, Clock } from '../ports';
import { isValidIco, normaliseIco } from '../accounts/ico';
import { requireAdmin } from '../accounts/client-admin';
import type { StaffRef } from '../accounts/staff-accounts';
import { Refusal } from '../refusal';
import { DEFAULT_VAT_RATE, type Haler, type VatRate } from './money';

/**
 * What a client is billed at (docs/billing.md): their own hourly rate and VAT rate where set, else
 * the billing settings, else the built-in defaults (800 Kč an hour, 21 %). Administrators only.
 */
export const DEFAULT_BILLING: BillingSettings = { hourlyRate: 80_000, vatRate: DEFAULT_VAT_RATE };

export interface BillingDeps {
  billing: BillingStore;
  clock: Clock;
}

export async function billingSettings(deps: Pick<BillingDeps, 'billing'>): Promise<BillingSettings> {
  return (await deps.billing.getBillingSettings()) ?? DEFAULT_BILLING;
}

export function effectiveTerms(client: Pick<Client, 'billing'>, settings: BillingSettings): { hourlyRate: Haler; vatRate: VatRate } {
  return { hourlyRate: client.billing?.hourlyRate ?? settings.hourlyRate, vatRate: client.billing?.vatRate ?? settings.vatRate };
}

export async function saveBillingSettings(
  deps: BillingDeps,
  actor: StaffRef,
  input: { hourlyRate: Haler; vatRate: VatRate },
): Promise<void> {
  requireAdmin(actor);
  await deps.billing.putBillingSettings({ ...input, updatedBy: actor.email, updatedAt: deps.clock.now().toISOString() });
}

/** The client's own terms; the IČO however written (as on the client page). Returns the IČO; refuses `not_found` when it has no account. */
export async function setClientBillingTerms(deps: BillingDeps, actor: StaffRef, icoInput: string, input: ClientBilling): Promise<string> {
  requireAdmin(actor);
  const ico = normaliseIco(icoInput);
  if (!isValidIco(ico)) throw new Refusal('not_found');
  const billing: ClientBilling = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
  // One conditional write: it fails when the client has no account.
  if (!(await deps.billing.setClientBilling(ico, billing))) throw new Refusal('not_found');
  return ico;
}
