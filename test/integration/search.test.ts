import { describe, expect, it } from 'vitest';
import { replyAddress } from '../../functions/core/mail-out/reply-token';
import { pageText } from '../support/admin-client';
import { sendMail } from '../support/mail';
import { searchStack, uniqueWord } from '../support/search';

/** Full-text search for staff (issue #15): every word of anything a ticket holds, folded, by prefix, any age. */
const CONTACT = 'hledani@firma.cz';
const { s, newTicket, found } = searchStack({ contactEmail: CONTACT });
const word = uniqueWord;

describe('staff search', () => {
  it('finds a word only in the description, folded and by prefix, and marks it in an escaped snippet', async () => {
    const w = word('tiskárnaž');
    const n = await newTicket({ subject: 'Obecný problém', description: `Naše <b>${w}</b> v kanceláři netiskne.` });
    const other = await newTicket({ subject: 'Jiný', description: 'Nic společného.' });
    const folded = w.normalize('NFD').replace(/\p{M}/gu, '').toUpperCase();
    for (const q of [w, folded, folded.slice(0, 6)]) {
      const r = await found(q);
      expect(r.numbers, q).toContain(n);
      expect(r.numbers, q).not.toContain(other);
    }
    const { html } = await found(w);
    expect(html).toContain(`<mark>${w}</mark>`);
    expect(html).toContain('&lt;b&gt;');
    expect(html).not.toContain(`<b>${w}`);
  });

  it('needs every word of the query', async () => {
    const a = word('alfa');
    const b = word('beta');
    const both = await newTicket({ subject: `${a} ${b}` });
    const one = await newTicket({ subject: `${a} nic` });
    const r = await found(`${a} ${b}`);
    expect(r.numbers).toEqual([both]);
    expect((await found(a)).numbers.sort()).toEqual([both, one].sort());
    expect(pageText((await s.admin.get('/admin?q=a')).text)).toContain('Zadejte aspoň jedno slovo');
  });

  it('finds a word only in a client e-mail reply, only in an internal note and only in an attachment name', async () => {
    const inMail = word('odpoved');
    const inNote = word('poznamka');
    const inFile = word('soubor');
    const n = await newTicket({ subject: 'Hledání v historii' });
    await sendMail(s.stack.smtpPort, {
      from: CONTACT,
      to: replyAddress(s.stack.env.REPLY_TOKEN_SECRET!, n, s.stack.env.MAIL_DOMAIN!),
      subject: `Re: [Softech #${n}] Hledání v historii`,
      text: `Dobrý den, posílám ${inMail}.`,
    });
    await s.admin.get(`/admin/tickets/${n}`);
    expect((await s.admin.post(`/admin/tickets/${n}/note`, { text: `Interně: ${inNote}` })).status).toBe(303);
    const form = new FormData();
    form.set('file', new Blob([Buffer.from('obsah')], { type: 'text/plain' }), `${inFile}.txt`);
    expect((await s.admin.postMultipart(`/admin/tickets/${n}/attachments`, form)).status).toBe(303);
    for (const q of [inMail, inNote, inFile]) expect((await found(q)).numbers, q).toEqual([n]);
    // A client sees none of it: the portal's search looks at the subjects of their own tickets only.
  });
});
