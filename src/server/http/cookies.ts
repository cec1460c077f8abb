import type { IncomingMessage } from 'node:http';

/** Cookie values by name from the Cookie header (first one wins, malformed pairs skipped). */
export function parseCookies(req: IncomingMessage): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const pair of (req.headers.cookie ?? '').split(';')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const name = pair.slice(0, eq).trim();
    if (cookies.has(name)) continue;
    try {
      cookies.set(name, decodeURIComponent(pair.slice(eq + 1).trim()));
    } catch {
      // A value that is not valid percent-encoding is ignored like a missing cookie.
    }
  }
  return cookies;
}

/** A first-party, httpOnly, SameSite=Lax cookie; Secure when the hub is served over HTTPS. */
export function serializeCookie(name: string, value: string, options: { maxAgeSeconds: number; secure: boolean }): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, 'Path=/', `Max-Age=${options.maxAgeSeconds}`, 'HttpOnly', 'SameSite=Lax'];
  if (options.secure) parts.push('Secure');
  return parts.join('; ');
}

/** Global Privacy Control or Do Not Track: the visitor asked not to be followed. */
export function optedOut(req: IncomingMessage): boolean {
  return req.headers['sec-gpc'] === '1' || req.headers.dnt === '1';
}

/** Country headers set by common proxies and CDNs (Cloudflare, CloudFront, Vercel, generic). */
const COUNTRY_HEADERS = ['cf-ipcountry', 'cloudfront-viewer-country', 'x-vercel-ip-country', 'x-country-code'];

/** The visitor's country from a trusted proxy header (only with TRUST_PROXY), else null. */
export function clientCountry(req: IncomingMessage, trustProxy: boolean): string | null {
  if (!trustProxy) return null;
  for (const name of COUNTRY_HEADERS) {
    const value = req.headers[name];
    const code = (Array.isArray(value) ? value[0] : value)?.trim().toUpperCase();
    if (code && /^[A-Z]{2}$/.test(code) && code !== 'XX') return code;
  }
  return null;
}

/** The client's address: the socket's, or the first X-Forwarded-For hop behind a trusted proxy. */
export function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = req.headers['x-forwarded-for'];
    const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
    if (first) return first;
  }
  return req.socket.remoteAddress ?? '';
}
