import { adminJsPath } from '../../functions/admin/script';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replyAddress } from '../../functions/core/mail-out/reply-token';
import type { LocalStack } from '../../local/stack';
import type { AdminClient } from '../support/admin-client';
import { ApiClient, sampleTicket } from '../support/api-client';
import { sendMail } from '../support/mail';
import { signInClient, signInStaff } from '../support/sign-in';
import { testStack } from '../support/stack';

/**
 * Content from clients and from mail is data: wherever the admin UI shows it, it is escaped text,
 * never markup (no tags, no event handlers, no javascript: links, no styles).
 */
let stack: LocalStack;
let admin: AdminClient;
let client: ApiClient;
const CONTACT = 'jana.novakova@firma.cz';

const SUBJECT = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2">';
const DESCRIPTION = [
  '<a href="javascript:window.__xss=3">klikni</a>',
  '<style>body{display:none}</style><div style="position:fixed;inset:0;background:url(https://evil.example/x)">',
  '"><svg onload=window.__xss=4>',
  "'; background: expression(alert(1)); '",
].join('\n');
const MAIL_HTML =
  '<p>Dobrý den</p><script>window.__xss=5</script><img src="https://evil.example/pixel.gif" onerror="window.__xss=6"><a href="javascript:window.__xss=7">odkaz</a><style>*{color:red}</style>';

/** The elements the admin pages use themselves; anything else would have come from data. */
const OWN_TAGS = new Set([
  'html',
  'head',
  'meta',
  'title',
  'link',
  'body',
  'a',
  'header',
  'div',
  'small',
  'nav',
  'span',
  'form',
  'input',
  'button',
  'main',
  'h1',
  'h2',
  'h3',
  'p',
  'ul',
  'ol',
  'li',
  'table',
  'caption',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'label',
  'select',
  'option',
  'textarea',
  'section',
  'dl',
  'dt',
  'dd',
  'pre',
  'strong',
  'br',
  'time',
  'details',
  'summary',
]);

/** The page's one script tag, ours (admin/script.ts); any other is content that got out. */
const OUR_SCRIPT = `<script src="${adminJsPath}" defer>`;

/** Every real tag in the page (escaped text has no raw `<`) is one of ours, with no handler, style or script URL. */
function assertInert(page: string) {
  const tags = [...page.matchAll(/<([a-zA-Z][a-zA-Z0-9]*)([^>]*)>/g)];
  expect(tags.length).toBeGreaterThan(10);
  expect(tags.filter(([tag]) => tag === OUR_SCRIPT)).toHaveLength(1);
  for (const [tag, name, attributes] of tags) {
    if (tag === OUR_SCRIPT) continue;
    expect(OWN_TAGS.has(name!.toLowerCase()), tag).toBe(true);
    expect(attributes, tag).not.toMatch(/\son[a-z]+\s*=/i);
    expect(attributes, tag).not.toMatch(/\sstyle\s*=/i);
    expect(attributes, tag).not.toMatch(/javascript:/i);
    expect(attributes, tag).not.toMatch(/\ssrc\s*=/i);
  }
}

beforeAll(async () => {
  stack = await testStack();
  admin = await signInStaff(stack);
  client = await signInClient(stack);
});
afterAll(() => stack?.stop());

describe('hostile content', () => {
  it('shows a hostile subject and description as escaped text in the queue and on the ticket', async () => {
    const n = (
      await client.post('/api/tickets', sampleTicket({ subject: SUBJECT.slice(0, 200), description: DESCRIPTION, contactEmail: CONTACT }))
    ).body.number as number;
    const queue = await admin.get('/admin');
    assertInert(queue.text);
    expect(queue.text).toContain('&lt;script&gt;window.__xss=1&lt;/script&gt;');
    const page = await admin.get(`/admin/tickets/${n}`);
    assertInert(page.text);
    expect(page.text).toContain('&lt;a href=&quot;javascript:window.__xss=3&quot;&gt;klikni&lt;/a&gt;');
    expect(page.text).toContain('&quot;&gt;&lt;svg onload=window.__xss=4&gt;');
    expect(page.text).toContain('&#39;; background: expression(alert(1)); &#39;');
  });

  it('shows an HTML-only e-mail from the client as inert text', async () => {
    const n = (await client.post('/api/tickets', sampleTicket({ subject: 'Nevinný předmět', contactEmail: CONTACT }))).body
      .number as number;
    await sendMail(stack.smtpPort, {
      from: CONTACT,
      to: replyAddress(stack.env.REPLY_TOKEN_SECRET!, n, stack.env.MAIL_DOMAIN!),
      subject: `Re: [Softech #${n}] <img src=x onerror=alert(1)>`,
      html: MAIL_HTML,
    });
    const page = await admin.get(`/admin/tickets/${n}`);
    expect(page.text).toContain('Dobrý den');
    assertInert(page.text);
    expect(page.text).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('lists a hostile attachment name as text and offers it only as a download', async () => {
    const n = (await client.post('/api/tickets', sampleTicket({ subject: 'Příloha', contactEmail: CONTACT }))).body.number as number;
    await sendMail(stack.smtpPort, {
      from: CONTACT,
      to: replyAddress(stack.env.REPLY_TOKEN_SECRET!, n, stack.env.MAIL_DOMAIN!),
      subject: `Re: [Softech #${n}]`,
      text: 'Posílám stránku.',
      attachments: [{ filename: '<img src=x onerror=alert(1)>.html', content: Buffer.from(MAIL_HTML), contentType: 'text/html' }],
    });
    const page = await admin.get(`/admin/tickets/${n}`);
    assertInert(page.text);
    const href = /<a href="(\/admin\/tickets\/\d+\/attachments\/[^"]+)">[^<]*onerror/.exec(page.text)![1]!;
    const download = await fetch((await admin.get(href)).location!);
    expect(download.headers.get('content-disposition')).toMatch(/^attachment;/);
  });

  it('previews hostile unmatched mail as inert text and lists it escaped', async () => {
    await sendMail(stack.smtpPort, {
      from: 'utocnik@evil.example',
      to: `podpora@${stack.env.MAIL_DOMAIN}`,
      subject: '<script>window.__xss=8</script>Faktura',
      text: '<script>window.__xss=9</script> <a href="javascript:alert(1)">zaplatit</a>',
      html: MAIL_HTML,
    });
    const list = await admin.get('/admin/unmatched');
    assertInert(list.text);
    const id = /href="\/admin\/unmatched\/([^"]+)">&lt;script&gt;window.__xss=8/.exec(list.text)![1]!;
    const detail = await admin.get(`/admin/unmatched/${id}`);
    assertInert(detail.text);
    expect(detail.text).toContain('&lt;script&gt;window.__xss=9&lt;/script&gt;');
  });

  it('escapes a hostile client name and contact address entered through an access request', async () => {
    const res = await new ApiClient(stack.portalUrl).post('/api/access-requests', {
      ico: '25596641',
      companyName: '<b onmouseover=alert(1)>Zlá</b> s.r.o.',
      contactName: '<script>x</script>',
      email: 'zla@firma.cz',
      note: '<iframe src=//evil.example>',
    });
    expect(res.status).toBe(202);
    const list = await admin.get('/admin/access-requests');
    assertInert(list.text);
    const id = /href="\/admin\/access-requests\/([^"]+)">&lt;b onmouseover/.exec(list.text)![1]!;
    const detail = await admin.get(`/admin/access-requests/${id}`);
    assertInert(detail.text);
    const approved = await admin.post(`/admin/access-requests/${id}/approve`, { channel: 'letter' });
    assertInert(approved.text);
    assertInert((await admin.get('/admin/clients')).text);
  });
});
