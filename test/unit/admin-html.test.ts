import { describe, expect, it } from 'vitest';
import { adminPath, html, trustedHtml } from '../../functions/admin/html';

describe('the html template', () => {
  it('escapes every interpolated string, in text and in attributes', () => {
    const evil = `<script>alert(1)</script>" onmouseover='x' \``;
    expect(html`<p title="${evil}">${evil}</p>`.value).toBe(
      '<p title="&lt;script&gt;alert(1)&lt;/script&gt;&quot; onmouseover=&#39;x&#39; &#96;">&lt;script&gt;alert(1)&lt;/script&gt;&quot; onmouseover=&#39;x&#39; &#96;</p>',
    );
  });

  it('nests templates and arrays without escaping them twice, and drops empty values', () => {
    const items = ['a&b', '<i>'].map((x) => html`<li>${x}</li>`);
    expect(html`<ul>${items}${undefined}${null}${false}</ul>`.value).toBe('<ul><li>a&amp;b</li><li>&lt;i&gt;</li></ul>');
  });

  it('lets markup through unescaped only via trustedHtml', () => {
    expect(html`${trustedHtml('<!doctype html>')}${'<!doctype html>'}`.value).toBe('<!doctype html>&lt;!doctype html&gt;');
  });

  it('builds admin paths with encoded segments and query', () => {
    expect(adminPath(['staff', 'jana@firma.cz', 'role'])).toBe('/admin/staff/jana%40firma.cz/role');
    expect(adminPath([], { tab: 'new', q: 'a b&c', worker: undefined })).toBe('/admin?tab=new&q=a+b%26c');
  });
});
