import { Window } from 'happy-dom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Attachment, HistoryEvent } from '../../web/src/api';

const window = new Window();
let view: typeof import('../../web/src/views/attachment-list');

beforeAll(async () => {
  // The portal builds DOM through document.createElement; happy-dom stands in for the browser.
  (globalThis as { document?: unknown }).document = window.document;
  view = await import('../../web/src/views/attachment-list');
});
afterAll(async () => {
  delete (globalThis as { document?: unknown }).document;
  await window.happyDOM.close();
});

const mail = (i: number): NonNullable<Attachment['event']> => ({
  id: `EV${i}`,
  type: 'email-in',
  at: `2026-12-0${1 + (i % 3)}T09:00:00.000Z`,
  position: 1,
});
const attachment = (i: number): Attachment => ({
  id: `A${i}`,
  filename: `soubor-${String(i).padStart(4, '0')}.txt`,
  contentType: 'text/plain',
  size: 120,
  event: mail(Math.floor(i / 100)),
});

describe("the portal's attachment list", () => {
  it("shows ten of a ticket's 1004 attachments and folds the rest away, every file still linked", () => {
    const list = view.ticketAttachmentList(
      7,
      Array.from({ length: 1004 }, (_, i) => attachment(i + 1)),
    ) as unknown as Element;
    const links = [...list.querySelectorAll('a[href^="/api/tickets/7/attachments/"]')];
    expect(links).toHaveLength(1004);
    expect(links.filter((a) => !a.closest('details')).map((a) => a.textContent)).toEqual(
      Array.from({ length: 10 }, (_, i) => `soubor-${String(i + 1).padStart(4, '0')}.txt`),
    );
    expect(list.querySelector('details:not([open]) summary')?.textContent).toBe('Další přílohy (994)');
  });

  it('shows beside each file the mail it came with', () => {
    const list = view.ticketAttachmentList(7, [attachment(1)]) as unknown as Element;
    expect(list.querySelector('li')?.textContent).toMatch(/^soubor-0001\.txt \(120 B\) · E-mail od vás, 1\. 12\. 2026/);
  });

  it('tells the client that a mail held more attachments than were filed', () => {
    const event: HistoryEvent = {
      id: 'EV1',
      type: 'email-in',
      at: '2026-12-01T09:00:00.000Z',
      attachmentsNotFiled: { received: 510, filed: 500 },
    };
    expect((view.attachmentsNotFiledNotice(event) as unknown as Element | null)?.textContent).toBe(
      'Zpráva měla víc příloh, než z jedné zprávy ukládáme: přišlo jich 510, uloženo je 500. Celou zprávu i se zbylými přílohami mají pracovníci Softechu.',
    );
  });
});
