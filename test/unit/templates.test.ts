import { describe, expect, it } from 'vitest';
import { fillTemplate, saveTemplate, unknownPlaceholders, type ReplyTemplate } from '../../functions/core/templates/templates';
import type { Ticket } from '../../functions/core/model';

const ticket: Ticket = {
  number: 12,
  ico: '27082440',
  clientName: 'Demo Klient s.r.o.',
  contactEmail: 'info@demo-klient.cz',
  category: 'service',
  subject: 'Tiskárna',
  description: 'x',
  status: 'new',
  createdAt: '2026-12-03T09:00:00Z',
  updatedAt: '2026-12-03T09:00:00Z',
};

describe('reply templates', () => {
  it('fill every placeholder from the ticket; price and deadline are empty without a quote', () => {
    const text = '{cislo}|{predmet}|{klient}|{kontakt}|{pracovnik}|{termin}|{cena}';
    expect(fillTemplate(text, ticket, { name: 'Jana' })).toBe('12|Tiskárna|Demo Klient s.r.o.|info@demo-klient.cz|Jana||');
    const quoted = {
      ...ticket,
      quote: { version: 1, price: 1500.5, vat: 'without' as const, deadline: '2026-12-24', state: 'proposed' as const },
    };
    expect(fillTemplate('{cena}, {termin}', quoted, { name: 'Jana' })).toBe('1\u00a0500,50 Kč bez DPH, 24. 12. 2026');
  });

  it("leave a client's text alone: a value that looks like a placeholder is not filled again", () => {
    expect(fillTemplate('{predmet} / {klient}', { ...ticket, subject: '{klient}' }, { name: 'J' })).toBe('{klient} / Demo Klient s.r.o.');
  });

  it('name the unknown placeholders, each once, and ignore braces that are no placeholder', () => {
    expect(unknownPlaceholders('{cislo} {Cislo} {jmeno} {jmeno} { } {a b} {}')).toEqual(['Cislo', 'jmeno', '']);
  });

  it('refuse an unknown placeholder on save, and a worker', async () => {
    const kept: ReplyTemplate[] = [];
    const deps = {
      templates: {
        listTemplates: async () => kept,
        getTemplate: async (id: string) => kept.find((t) => t.id === id),
        putTemplate: async (t: ReplyTemplate) => void kept.push(t),
        deleteTemplate: async () => false,
      },
      clock: { now: () => new Date('2026-12-03T10:00:00Z') },
      ids: { id: () => 'id1' },
    };
    const admin = { email: 'a@s.cz', role: 'admin' as const };
    await expect(saveTemplate(deps, admin, { name: 'X', text: '{cena} {sleva}' })).rejects.toMatchObject({
      code: 'validation_failed',
      fields: { text: expect.stringContaining('Neznámé zástupné symboly: {sleva}.') },
    });
    await expect(saveTemplate(deps, { email: 'w@s.cz', role: 'worker' }, { name: 'X', text: 'ok' })).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(saveTemplate(deps, admin, { name: 'X', text: 'ok' }, 'neni')).rejects.toMatchObject({ code: 'not_found' });
    expect(await saveTemplate(deps, admin, { name: 'X', text: 'ok {cislo}' })).toMatchObject({ id: 'id1', updatedBy: 'a@s.cz' });
    expect(kept).toHaveLength(1);
  });
});
