import type { IncomingMessage } from 'node:http';
import type { FastifyReply } from 'fastify';
import type { Card } from '../../../lib/cards/create-card-service.ts';

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

/** 304 when the client has the card of this key: its render is skipped. */
export function sendNotModified(reply: FastifyReply, key: string): FastifyReply {
  return reply.code(304).headers({ ETag: etagOf(key), 'Cache-Control': CARD_CACHE_CONTROL }).send();
}

/** Answers GET/HEAD with a card: PNG, strong ETag, cache headers, 304 on a matching If-None-Match. */
export function sendCard(reply: FastifyReply, card: Card): FastifyReply {
  if (matchesEtag(reply.request.raw, etagOf(card.key))) return sendNotModified(reply, card.key);
  return reply.code(200).headers({ 'Content-Type': 'image/png', 'Cache-Control': CARD_CACHE_CONTROL, ETag: etagOf(card.key) }).send(card.png);
}
