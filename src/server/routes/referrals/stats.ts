import type { FastifyReply, FastifyRequest } from 'fastify';
import { resolvePeriod } from '../../../lib/analytics/closed-period.ts';
import { getLinkStats } from '../../../lib/analytics/get-link-stats.ts';
import { getOverview } from '../../../lib/analytics/get-overview.ts';
import { getStoryStats, getStoryTotals } from '../../../lib/analytics/get-story-stats.ts';
import { periodSchema } from '../../../lib/analytics/schema.ts';
import { winPaths } from '../../../lib/momentum/win-paths.ts';
import { codeSchema } from '../../../lib/referrals/schema.ts';
import type { HubServices } from '../../create-hub-services.ts';
import { describeIssue, HttpError } from '../../http/http-error.ts';
import { sendJson } from '../../http/replies.ts';

type Query = Record<string, string | undefined>;

/** The optional from/to period of a story's or a link's stats; 400 with the reason when malformed. */
function periodOf(request: FastifyRequest) {
  const period = periodSchema.safeParse(request.query);
  if (!period.success) throw new HttpError('invalid_request', describeIssue(period.error.issues));
  return period.data;
}

/** GET /api/stats/overview: the dashboard's numbers for a period (from/to or days, default the last 30 days). */
export function createStatsOverview(services: HubServices) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const resolved = resolvePeriod(request.query as Query, services.clock.now(), services.config.rawClickRetentionDays);
    if ('error' in resolved) throw new HttpError('invalid_request', resolved.error);
    const stories = services.site.stories.map((story) => ({ slug: story.slug, title: story.title, cause: story.cause, intent: story.intent }));
    return sendJson(reply, await getOverview(services.db.db, resolved.period, stories));
  };
}

/** GET /api/stats/stories/<slug>: a story's funnel, generations, channels and segments. */
export function createStatsStory(services: HubServices) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { slug } = request.params as { slug: string };
    const period = periodOf(request);
    if (!services.site.getStory(slug)) throw new HttpError('unknown_story', `There is no published story "${slug}".`);
    return sendJson(reply, { story: slug, ...(await getStoryStats(services.db.db, slug, period)) });
  };
}

/** GET /api/stats/links/<code>: a link's numbers, with every link descended from it. */
export function createStatsLink(services: HubServices) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const period = periodOf(request);
    const code = codeSchema.safeParse((request.params as { code: string }).code);
    if (!code.success || !(await services.links.get(code.data))) throw new HttpError('unknown_link', 'There is no share link with this code.');
    return sendJson(reply, { link: code.data, ...(await getLinkStats(services.db.db, code.data, period)) });
  };
}

/**
 * GET /api/public/stories/<slug>: aggregate counts only, for "shared 42 times" on a story, and the
 * story's wins, each with its public id and the path of its page. A withdrawn story is a 404.
 */
export function createPublicCounts(services: HubServices) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { slug } = request.params as { slug: string };
    if (services.withdrawn.has(slug)) throw new HttpError('unknown_story', 'This story was withdrawn by its author.');
    if (!services.site.getStory(slug)) throw new HttpError('unknown_story', `There is no published story "${slug}".`);
    const [{ shares, clicks }, reached] = await Promise.all([getStoryTotals(services.db.db, slug), services.momentum.reached('story', slug)]);
    const wins = reached.map((win) => ({
      id: win.id,
      name: win.name,
      message: win.message,
      reachedAt: new Date(win.reachedAt).toISOString(),
      url: winPaths(win.id).page,
    }));
    return reply.header('Cache-Control', 'public, max-age=60').send({ story: slug, shares, clicks, wins });
  };
}
