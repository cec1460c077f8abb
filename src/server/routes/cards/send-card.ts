import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Card } from '../../lib/cards/create-card-service.ts';

/**
 * Card URLs are stable while what they show may change (an edited title, new brand colours):
 * caches keep a card a day, may serve it stale for a week while they revalidate, and
 * revalidation with the strong ETag costs a 304.
 */
export const CARD_CACHE_CONTROL = 'public, max-age=86400, stale-while-revalidate=604800';

/** Whether If-None-Match names this ETag. */
export function matchesEtag(req: IncomingMessage, etag: string): boolean {
  const header = req.headers['if-none-match'];
  return !!header && header.split(/\s*,\s*/).some((tag) => tag === etag || tag === `W/${etag}` || tag === '*');
}

export const etagOf = (key: string) => `"${key}"`;

/** 304 when the client has this card, otherwise the PNG (headers only for HEAD). */
export function sendNotModified(res: ServerResponse, etag: string): void {
  res.writeHead(304, { ETag: etag, 'Cache-Control': CARD_CACHE_CONTROL });
  res.end();
}

/** Answers GET/HEAD with a card: PNG, strong ETag, cache headers, 304 on a matching If-None-Match. */
export function sendCard(req: IncomingMessage, res: ServerResponse, card: Card): void {
  const etag = etagOf(card.key);
  if (matchesEtag(req, etag)) return sendNotModified(res, etag);
  res.writeHead(200, {
    'Content-Type': 'image/png',
    'Content-Length': card.png.length,
    'Cache-Control': CARD_CACHE_CONTROL,
    ETag: etag,
  });
  res.end(req.method === 'HEAD' ? undefined : card.png);
}
