import { sql } from 'kysely';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { HubServices } from './create-hub-services.ts';
import type { Handler, HandlerFn } from './http/create-http-app.ts';
import { NO_PAGE_STATE, renderAstro, type PageRenderer } from './http/render-page.ts';
import { sendNotFoundPage } from './http/send-static-file.ts';
import type { HandlerName } from './route-table.ts';
import { createCardHandlers } from './routes/cards/cards.ts';
import { createDashboardHandlers } from './routes/dashboard/dashboard.ts';
import { createEvent, createEventGif } from './routes/readers/event.ts';
import { createIntegrationHandlers } from './routes/integrations/integrations.ts';
import { createConvert } from './routes/referrals/convert.ts';
import { createRecoverAdvocate } from './routes/referrals/recover-advocate.ts';
import { createRedirect } from './routes/referrals/redirect.ts';
import { createShare, createShareQr } from './routes/referrals/share.ts';
import { createPublicCounts, createStatsLink, createStatsOverview, createStatsStory } from './routes/referrals/stats.ts';
import { createSite } from './routes/site.ts';
import { createSubmissionHandlers } from './routes/submissions/submissions.ts';

/** GET /healthz: the build being served and whether the database answers (503 when it does not). */
function createHealth(services: HubServices) {
  const { db, build } = services;
  return async (_request: FastifyRequest, reply: FastifyReply) => {
    reply.header('Cache-Control', 'no-store');
    try {
      await sql`select 1`.execute(db.db);
      return reply.send({ status: 'ok', build: build.id, builtAt: build.builtAt, database: db.dialect });
    } catch {
      return reply.code(503).send({ status: 'unavailable', build: build.id, database: db.dialect, error: 'database unreachable' });
    }
  };
}

/** Renders an on-demand Astro page for a route (its body already read), the 404 page when there is none. */
function createPageRenderer(services: HubServices): PageRenderer {
  return (request, reply, pathname, state = {}, headers = {}) => {
    const req = request.raw;
    for (const [name, value] of Object.entries(headers)) reply.raw.setHeader(name, value);
    req.method = 'GET';
    req.url = pathname;
    renderAstro(services.astro, reply, req, { services, ...NO_PAGE_STATE, ...state }, () => sendNotFoundPage(req, reply.raw, services.staticFiles.notFound));
  };
}

/**
 * Every handler the route table names, over the hub's services. With `forward` (a counting
 * process) the site's on-demand pages go to the app process; the routes that `runsIn: 'app'`
 * are forwarded by the dispatcher itself.
 */
export function createHandlers(services: HubServices, forward?: HandlerFn): Record<HandlerName, Handler> {
  const renderPage = createPageRenderer(services);
  return {
    health: createHealth(services),
    redirect: createRedirect(services),
    share: createShare(services),
    shareQr: createShareQr(services),
    convert: createConvert(services),
    event: createEvent(services),
    eventGif: createEventGif(services),
    statsOverview: createStatsOverview(services),
    statsStory: createStatsStory(services),
    statsLink: createStatsLink(services),
    publicCounts: createPublicCounts(services),
    recoverAdvocate: createRecoverAdvocate(services),
    ...createCardHandlers(services),
    ...createSubmissionHandlers(services, renderPage),
    ...createDashboardHandlers(services, renderPage),
    ...createIntegrationHandlers(services, renderPage),
    site: createSite(services, forward),
  };
}
