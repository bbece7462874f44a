/**
 * A cookie-keeping browser stand-in for the admin UI: HTML pages, URL-encoded and multipart form
 * posts, redirects reported (not followed) so tests see the POST/redirect/GET steps.
 */
export interface AdminResponse {
  status: number;
  headers: Headers;
  text: string;
  location?: string;
}

export class AdminClient {
  readonly cookies = new Map<string, string>();
  /** The CSRF token of the last page that had a form. */
  csrf?: string;

  constructor(readonly baseUrl: string) {}

  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private async send(method: string, path: string, body?: string | FormData, headers: Record<string, string> = {}): Promise<AdminResponse> {
    const res = await fetch(new URL(path, this.baseUrl), {
      method,
      redirect: 'manual',
      headers: { ...(this.cookies.size > 0 && { cookie: this.cookieHeader() }), ...headers },
      ...(body !== undefined && { body }),
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      const name = pair!.slice(0, i);
      const value = pair!.slice(i + 1);
      if (!value || /Max-Age=0/i.test(c)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = await res.text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(text)?.[1];
    if (csrf) this.csrf = csrf;
    const location = res.headers.get('location') ?? undefined;
    return { status: res.status, headers: res.headers, text, ...(location && { location }) };
  }

  get(path: string) {
    return this.send('GET', path);
  }

  /** A form post as a browser sends it; the page's CSRF token is added unless `_csrf` is given or `csrf: false`. */
  post(path: string, fields: Record<string, string> = {}, opts: { csrf?: boolean; headers?: Record<string, string> } = {}) {
    const body = new URLSearchParams({ ...(opts.csrf !== false && this.csrf && { _csrf: this.csrf }), ...fields });
    return this.send('POST', path, body.toString(), { 'content-type': 'application/x-www-form-urlencoded', ...opts.headers });
  }

  postMultipart(path: string, form: FormData, opts: { csrf?: boolean } = {}) {
    if (opts.csrf !== false && this.csrf && !form.has('_csrf')) form.set('_csrf', this.csrf);
    return this.send('POST', path, form);
  }

  async login(email: string, password: string, code?: string): Promise<AdminResponse> {
    await this.get('/admin/login');
    return this.post('/admin/login', { email, password, ...(code && { code }) });
  }
}

/** The text of an HTML page without tags, whitespace collapsed (for assertions on what a person reads). */
export const pageText = (html: string) =>
  html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/** The one-time password an admin page shows once (a new client or staff member, a password reset). */
export const oneTimePassword = (html: string) => /id="one-time-password">([^<]+)</.exec(html)?.[1];
