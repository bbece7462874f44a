import { timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';

/**
 * What CloudFront and the API agree on, declared once: lib/constructs/web.ts configures CloudFront
 * from these names, functions/http/http-api.ts reads the requests with them. Nothing here does I/O,
 * so the CDK app can import it too.
 *
 * In AWS the API is reachable at its execute-api address as well as through CloudFront. Only a
 * request that came through CloudFront carries the origin secret (a custom origin header CloudFront
 * adds, overwriting any viewer header of that name), and only CloudFront's own
 * `CloudFront-Viewer-Address` (the viewer's `ip:port`) says who the caller is: a request without
 * the secret is refused, so a forged viewer address never reaches the login lockout.
 */
export const ORIGIN_VERIFY_HEADER = 'X-Origin-Verify';
export const VIEWER_ADDRESS_HEADER = 'CloudFront-Viewer-Address';

/**
 * The viewer headers the HTTP functions read, which CloudFront forwards to the API (its origin
 * request policy allows exactly these, plus `VIEWER_ADDRESS_HEADER`; cookies and query strings are
 * forwarded whole). A header read by the functions but missing here would arrive locally and never
 * in AWS: test/cdk checks the functions' source against this list.
 */
export const FORWARDED_VIEWER_HEADERS = ['Content-Type', 'Origin', 'Sec-Fetch-Site', 'Idempotency-Key'] as const;

/**
 * The Parameter Store name under which a Secrets Manager secret can be read with `GetParameter`
 * (the functions already bundle the SSM client for the reply-token secret; see http.ts).
 */
export const secretsManagerReference = (secretName: string) => `/aws/reference/secretsmanager/${secretName}`;

/** Constant-time comparison of the origin secret with the header a request carries. */
export function originSecretMatches(expected: string, given: string | undefined): boolean {
  if (given === undefined || expected.length === 0) return false;
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The viewer's IP address from `CloudFront-Viewer-Address`: `203.0.113.7:52344`, or for IPv6
 * `2a01:4f8::1:443` (unbracketed; the last colon separates the port). Anything that is not an
 * address followed by a port gives undefined.
 */
export function viewerAddress(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const value = header.trim();
  const colon = value.lastIndexOf(':');
  const port = value.slice(colon + 1);
  if (colon <= 0 || !/^\d{1,5}$/.test(port) || Number(port) > 65535) return undefined;
  let ip = value.slice(0, colon);
  if (ip.startsWith('[') && ip.endsWith(']')) ip = ip.slice(1, -1);
  return isIP(ip) === 0 ? undefined : ip.toLowerCase();
}
