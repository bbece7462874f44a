import { describe, expect, it } from 'vitest';
import { billingSettingsSchema, clientBillingSchema } from '../../functions/core/billing/forms';
import { DEFAULT_BILLING, effectiveTerms } from '../../functions/core/billing/rates';

/** A client's billing terms (issue #16): their own rate and VAT where set, the defaults otherwise. */
describe('billing terms', () => {
  it('takes the client’s own rate and VAT where set, the settings otherwise', () => {
    const settings = { hourlyRate: 90_000, vatRate: 21 as const };
    expect(effectiveTerms({}, settings)).toEqual({ hourlyRate: 90_000, vatRate: 21 });
    expect(effectiveTerms({ billing: { vatRate: 0 } }, settings)).toEqual({ hourlyRate: 90_000, vatRate: 0 });
    expect(effectiveTerms({ billing: { hourlyRate: 120_000, vatRate: 12 } }, settings)).toEqual({ hourlyRate: 120_000, vatRate: 12 });
    expect(DEFAULT_BILLING).toMatchObject({ hourlyRate: 80_000, vatRate: 21 });
  });

  it('reads the forms in haléře, an empty field meaning the default, with Czech errors', () => {
    expect(clientBillingSchema.parse({ hourlyRate: '1 250,50', vatRate: '0', dic: 'cz 27082440' })).toEqual({
      hourlyRate: 125_050,
      vatRate: 0,
      dic: 'CZ27082440',
    });
    expect(clientBillingSchema.parse({ hourlyRate: '', vatRate: '', dic: '' })).toEqual({});
    const bad = clientBillingSchema.safeParse({ hourlyRate: '0', vatRate: '15', dic: '27082440' });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => String(i.path[0]))).toEqual(['hourlyRate', 'vatRate', 'dic']);
    expect(billingSettingsSchema.parse({ hourlyRate: '800', vatRate: '21' })).toEqual({ hourlyRate: 80_000, vatRate: 21 });
    expect(billingSettingsSchema.safeParse({ hourlyRate: '', vatRate: '21' }).success).toBe(false);
  });
});
