/** A request's path, decoded, and its query string as sent. */
export type SitePath = { pathname: string; search: string };

/** Paths with nothing to decode: no query, no escapes (dot segments are checked apart). */
const PLAIN_PATH = /^\/(?!\/)[A-Za-z0-9\-._~/]*$/;

/**
 * The decoded path of a request for a page or file of the site; undefined for a URL that cannot
 * name one: not absolute, starting with `//` (another host to a browser), broken escapes,
 * NUL or backslashes after decoding.
 */
export function parseSitePath(rawUrl: string | undefined): SitePath | undefined {
  if (!rawUrl || !rawUrl.startsWith('/') || rawUrl.startsWith('//')) return undefined;
  if (PLAIN_PATH.test(rawUrl) && !rawUrl.includes('/.')) return { pathname: rawUrl, search: '' };
  let url: URL;
  let pathname: string;
  try {
    url = new URL(rawUrl, 'http://hub.invalid');
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return undefined;
  }
  if (pathname.includes('\0') || pathname.includes('\\') || pathname.startsWith('//')) return undefined;
  return { pathname, search: url.search };
}
