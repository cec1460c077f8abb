import type { IncomingMessage } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { pageEventSchema } from '../../../lib/readers/schema.ts';
import type { HubServices } from '../../create-hub-services.ts';
import { bodyOf } from '../../http/body-parsers.ts';
import { clientAddress, optedOut } from '../../http/cookies.ts';
import { describeIssue, HttpError } from '../../http/http-error.ts';

/** A transparent 1x1 GIF: the answer of the noscript beacon. */
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

/** Whether the browser sent this while prerendering or prefetching a page (Chrome's Sec-Purpose, older Purpose headers). */
function isPrerender(req: IncomingMessage): boolean {
  const purpose = `${req.headers['sec-purpose'] ?? ''} ${req.headers.purpose ?? ''} ${req.headers['x-purpose'] ?? ''} ${req.headers['x-moz'] ?? ''}`.toLowerCase();
  return /prefetch|prerender|preview/.test(purpose);
}

/** Parses and counts one event; a malformed event or a URL that is not one of this site's pages is a 400. */
function createCounting(services: HubServices) {
  const { readers, config } = services;
  return async (request: FastifyRequest, fields: unknown): Promise<void> => {
    const parsed = pageEventSchema.safeParse(fields);
    if (!parsed.success) throw new HttpError('invalid_request', describeIssue(parsed.error.issues));
    const req = request.raw;
    const counted = await readers.count(parsed.data, {
      host: req.headers.host,
      ip: clientAddress(req, config.trustProxy),
      userAgent: req.headers['user-agent'],
      optedOut: optedOut(req),
      prerender: isPrerender(req),
    });
    if (!counted) throw new HttpError('invalid_request', 'url: not a page of this site.');
  };
}

/**
 * POST /api/event { name, url, referrer } (JSON, or text/plain from navigator.sendBeacon): 202
 * with no body once the event is committed; bots, previews and prerender fetches are committed
 * to the excluded ledger and answered alike.
 */
export function createEvent(services: HubServices) {
  const count = createCounting(services);
  return async (request: FastifyRequest, reply: FastifyReply) => {
    await count(request, bodyOf(request).fields);
    // Like the redirect, the answer goes straight to the socket.
    reply.hijack();
    reply.raw.writeHead(202, { 'Cache-Control': 'no-store', 'Content-Length': '0' }).end();
  };
}

/** GET /api/event.gif?name=view&url=...: the noscript beacon, counted like POST /api/event, answered with a 1x1 GIF. */
export function createEventGif(services: HubServices) {
  const count = createCounting(services);
  return async (request: FastifyRequest, reply: FastifyReply) => {
    // HEAD fetches nothing a person sees: answered, never counted.
    if (request.method !== 'HEAD') await count(request, request.query);
    return reply.code(200).headers({ 'Content-Type': 'image/gif', 'Cache-Control': 'no-store', 'X-Robots-Tag': 'noindex' }).send(PIXEL);
  };
}
