import { describe, expect, it } from 'vitest';
import { newTicketSchema } from '../../functions/core/tickets/bodies';
import { passwordChangeSchema } from '../../functions/core/accounts/bodies';
import { staffPasswordSchema } from '../../functions/core/accounts/forms';
import { fieldErrors } from '../../functions/http/http-api';

const valid = { contactEmail: 'Jana@Firma.cz', category: 'service-express', subject: '  Server nejede  ', description: ' Popis ' };

describe('new request validation', () => {
  it('trims the text, lower-cases the email and keeps the category', () => {
    expect(newTicketSchema.parse(valid)).toEqual({
      contactEmail: 'jana@firma.cz',
      category: 'service-express',
      subject: 'Server nejede',
      description: 'Popis',
    });
  });

  it('counts the 8000 limit in code points after trimming', () => {
    expect(newTicketSchema.safeParse({ ...valid, description: `  ${'ř'.repeat(8000)}  ` }).success).toBe(true);
    expect(newTicketSchema.safeParse({ ...valid, description: '😀'.repeat(8000) }).success).toBe(true);
    expect(newTicketSchema.safeParse({ ...valid, description: '😀'.repeat(8001) }).success).toBe(false);
  });

  it('allows a 200-character subject and refuses 201', () => {
    expect(newTicketSchema.safeParse({ ...valid, subject: 'š'.repeat(200) }).success).toBe(true);
    const res = newTicketSchema.safeParse({ ...valid, subject: 'š'.repeat(201) });
    expect(res.success || fieldErrors(res.error).subject).toBe('Předmět zadání může mít nejvýše 200 znaků.');
  });

  it('gives a Czech message for each field', () => {
    const res = newTicketSchema.safeParse({ contactEmail: 'x', category: 'x', subject: 1, description: '' });
    expect(res.success).toBe(false);
    expect(fieldErrors(res.error!)).toEqual({
      contactEmail: 'Zadejte platnou e-mailovou adresu pro komunikaci v této věci.',
      category: 'Vyberte druh požadavku.',
      subject: 'Vyplňte předmět zadání.',
      description: 'Vyplňte podrobnější specifikaci zadání.',
    });
  });

  it('names unknown fields instead of ignoring them', () => {
    const res = newTicketSchema.safeParse({ ...valid, priority: 'high' });
    expect(fieldErrors(res.error!)).toEqual({ priority: 'Neznámé pole.' });
  });

  it.each(['A\nB', 'A\rB', 'A\u0000B', 'A\u2028B'])('refuses control characters in the subject (%j)', (subject) => {
    expect(newTicketSchema.safeParse({ ...valid, subject }).success).toBe(false);
  });
});

describe('password change validation', () => {
  it('requires at least 10 characters and a different password', () => {
    expect(fieldErrors(passwordChangeSchema.safeParse({ currentPassword: 'a', newPassword: 'short' }).error!).newPassword).toMatch(
      /10 znaků/,
    );
    expect(
      fieldErrors(passwordChangeSchema.safeParse({ currentPassword: 'stejne-heslo', newPassword: 'stejne-heslo' }).error!).newPassword,
    ).toMatch(/lišit/);
    expect(passwordChangeSchema.safeParse({ currentPassword: 'a', newPassword: 'desetznaku' }).success).toBe(true);
  });

  it('counts the 10 characters after trimming, in code points of the NFC form, for clients and staff alike', () => {
    for (const schema of [passwordChangeSchema, staffPasswordSchema]) {
      for (const newPassword of [' '.repeat(10), `  ${'a'.repeat(9)}  `, '\t\n heslo \u00a0\u3000 ', 'žluťoučký'.normalize('NFD')]) {
        const res = schema.safeParse({ currentPassword: 'a', newPassword });
        expect(res.success, JSON.stringify(newPassword)).toBe(false);
        expect(fieldErrors(res.error!).newPassword).toMatch(/10 znaků/);
      }
      expect(schema.safeParse({ currentPassword: 'a', newPassword: `  ${'žluťoučký'.normalize('NFD')}ů  ` }).success).toBe(true);
    }
  });
});
