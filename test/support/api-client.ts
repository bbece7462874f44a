/** A cookie-keeping JSON client for the API, as a browser on the portal's origin would behave. */
export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export class ApiClient {
  private cookie?: string;

  constructor(readonly baseUrl: string) {}

  get sessionCookie() {
    return this.cookie;
  }

  useSession(cookie: string | undefined) {
    this.cookie = cookie;
    return this;
  }

  async request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> {
    const res = await fetch(new URL(path, this.baseUrl), {
      method,
      redirect: 'manual',
      headers: {
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...(this.cookie && { cookie: this.cookie }),
        ...headers,
      },
      ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      this.cookie = /=$/.test(pair!) || /Max-Age=0/.test(c) ? undefined : pair;
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, headers: res.headers, body: parsed as T };
  }

  get<T = any>(path: string) {
    return this.request<T>('GET', path);
  }

  post<T = any>(path: string, body: unknown = {}, headers?: Record<string, string>) {
    return this.request<T>('POST', path, body, headers);
  }

  login(ico: string, password: string) {
    return this.post('/api/login', { ico, password });
  }
}

export const sampleTicket = (over: Record<string, unknown> = {}) => ({
  contactEmail: 'jana.novakova@firma.cz',
  category: 'service',
  subject: 'Nefunguje tiskárna',
  description: 'Tiskárna v kanceláři ve 2. patře netiskne, hlásí chybu E-04.',
  ...over,
});
