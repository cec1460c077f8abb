import type { IncomingMessage } from 'node:http';
import { parseCookie } from 'cookie';

/** A cookie's value from the Cookie header (the first of that name), undefined when absent. */
export function readCookie(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie;
  return header ? parseCookie(header)[name] : undefined;
}

/** A first-party, httpOnly, SameSite=Lax cookie; Secure when the hub is served over HTTPS. */
export function serializeCookie(name: string, value: string, options: { maxAgeSeconds: number; secure: boolean }): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, 'Path=/', `Max-Age=${options.maxAgeSeconds}`, 'HttpOnly', 'SameSite=Lax'];
  if (options.secure) parts.push('Secure');
  return parts.join('; ');
}

/** Deletes a cookie set by serializeCookie (same name, path and attributes, expired). */
export function expiredCookie(name: string, options: { secure: boolean }): string {
  const parts = [`${name}=`, 'Path=/', 'Max-Age=0', 'HttpOnly', 'SameSite=Lax'];
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
