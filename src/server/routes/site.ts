import type { FastifyReply, FastifyRequest } from 'fastify';
import type { HubServices } from '../create-hub-services.ts';
import type { HandlerFn } from '../http/create-http-app.ts';
import { HttpError } from '../http/http-error.ts';
import { NO_PAGE_STATE, renderAstro } from '../http/render-page.ts';
import { sendNotFoundPage, sendStaticFile } from '../http/send-static-file.ts';
import { parseSitePath } from '../http/site-path.ts';

const STORY_PAGE = /^\/stories\/([a-z0-9-]+)(?:\/|$)/;

/**
 * Everything the route table does not name: the built site. A withdrawn story's pages answer 410
 * at once (before a build removes them); prerendered pages and assets come from memory (ETags,
 * 304s, compression, redirects to the trailing slash); other paths go to Astro's on-demand pages
 * (forwarded to the app process by a counting process), and the 404 page answers what none of
 * them has.
 */
export function createSite(services: HubServices, forward: HandlerFn | undefined) {
  const { staticFiles, withdrawn, astro } = services;
  const notFound = staticFiles.notFound;

  return (request: FastifyRequest, reply: FastifyReply) => {
    const target = parseSitePath(request.raw.url);
    if (!target) throw new HttpError('invalid_request', 'Bad request: malformed URL path');
    const slug = STORY_PAGE.exec(target.pathname)?.[1];
    if (slug && withdrawn.has(slug)) throw new HttpError('gone', 'This story was withdrawn by its author.');

    const found = staticFiles.lookup(target.pathname, target.search);
    if (found?.kind === 'redirect') {
      return reply.code(301).headers({ Location: found.location, 'Cache-Control': 'public, max-age=3600' }).send();
    }
    if (found) {
      reply.hijack();
      return sendStaticFile(request.raw, reply.raw, found.file);
    }
    // In a counting process the on-demand pages are the app process's.
    if (forward) return forward(request, reply);
    renderAstro(astro, reply, request.raw, { services, ...NO_PAGE_STATE }, () => sendNotFoundPage(request.raw, reply.raw, notFound));
  };
}
