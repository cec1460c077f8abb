/**
 * The page an event is about, as the rollups key it (`/stories/<slug>/`), when `url` is an http(s)
 * address on one of this site's hosts (SITE_URL's, or the one the request was sent to) of a page
 * that counts; undefined for any other URL (another site, an asset, a private or unknown page,
 * something that is not a URL).
 */
export function pagePathOf(url: string, siteHosts: readonly string[], counts: (pathname: string) => boolean): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if ((parsed.protocol !== 'https:' && parsed.protocol !== 'http:') || !siteHosts.includes(parsed.host)) return undefined;
  let pathname: string;
  try {
    pathname = decodeURIComponent(parsed.pathname);
  } catch {
    return undefined;
  }
  if (!pathname.endsWith('/')) pathname = `${pathname}/`;
  return counts(pathname) ? pathname : undefined;
}
