import type { IncomingHttpHeaders } from 'node:http';
import { HttpError } from './http-error.ts';

/**
 * Refuses writes started by another site: a browser always sends Origin on a cross-site POST,
 * so one that names neither this host nor the public SITE_URL is rejected. Requests without
 * Origin (curl, server-to-server) pass.
 */
export function checkOrigin(headers: IncomingHttpHeaders, siteUrl: string): void {
  const origin = headers.origin;
  if (!origin) return;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    throw new HttpError('forbidden_origin', 'This request came from another site.');
  }
  if (host === headers.host || host === new URL(siteUrl).host) return;
  throw new HttpError('forbidden_origin', 'This request came from another site.');
}
