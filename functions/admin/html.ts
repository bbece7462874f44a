/**
 * HTML with every interpolation escaped. `html\`…\`` escapes each value unless it is SafeHtml
 * (the result of another `html` template); arrays are joined. Markup that is not escaped enters
 * only through `trustedHtml`, which is for constants written in this code base, never for data.
 */
import { escapeHtml } from '../shared/escape-html';
export class SafeHtml {
  constructor(readonly value: string) {}
  toString() {
    return this.value;
  }
}

export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

export { escapeHtml };

function render(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false || value === true) return '';
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!;
  return new SafeHtml(out);
}

/** The one way to emit markup unescaped. Reviewed uses: the doctype line of the layout. */
export function trustedHtml(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

/** A path inside the admin UI with encoded segments and query (`href` values are built only this way). */
export function adminPath(segments: Array<string | number>, query?: Record<string, string | number | undefined>): string {
  const path = ['/admin', ...segments.map((s) => encodeURIComponent(String(s)))].join('/');
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}
