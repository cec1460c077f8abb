import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { resolvePeriod } from '../../lib/analytics/closed-period.ts';
import { getLinkStats } from '../../lib/analytics/get-link-stats.ts';
import { getOverview } from '../../lib/analytics/get-overview.ts';
import { getStoryStats, getStoryTotals } from '../../lib/analytics/get-story-stats.ts';
import { periodSchema } from '../../lib/analytics/schema.ts';
import { winPaths } from '../../lib/momentum/win-paths.ts';
import { codeSchema } from '../../lib/referrals/schema.ts';
import type { HotRoute, RequestTarget } from '../create-hub-handler.ts';
import { HttpError, sendError } from '../http-error.ts';
import { sendJson } from '../respond.ts';
import { describeIssue } from './share-route.ts';
import type { ReferralContext } from './referral-context.ts';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** `Authorization: Bearer <HUB_ADMIN_TOKEN>`, compared in constant time. */
function authorized(req: IncomingMessage, token: string | undefined): boolean {
  const header = req.headers.authorization ?? '';
  const given = /^Bearer (.+)$/.exec(header)?.[1];
  return Boolean(token && given && timingSafeEqual(digest(given), digest(token)));
}

/**
 * GET /api/stats/stories/<slug>, /api/stats/links/<code> (admin token; optional from/to),
 * GET /api/stats/overview (the dashboard's numbers for a period: from/to or days, default the
 * last 30 days) and GET /api/public/stories/<slug>: aggregate counts only, for "shared 42 times"
 * on a story, and the story's wins, each with its public id and the path of its page.
 */
export function createStatsRoute(context: ReferralContext): HotRoute {
  async function stats(req: IncomingMessage, res: ServerResponse, target: RequestTarget, kind: 'stories' | 'links' | 'overview', key: string) {
    if (!authorized(req, context.config.adminToken)) {
      throw new HttpError(
        'unauthorized',
        context.config.adminToken ? 'Send Authorization: Bearer <HUB_ADMIN_TOKEN>.' : 'Stats are off: set HUB_ADMIN_TOKEN on the server.',
        { 'WWW-Authenticate': 'Bearer' },
      );
    }
    const query = Object.fromEntries(new URLSearchParams(target.search));
    if (kind === 'overview') {
      const resolved = resolvePeriod(query, context.now());
      if ('error' in resolved) throw new HttpError('invalid_request', resolved.error);
      const stories = context.site.stories.map((story) => ({ slug: story.slug, title: story.title, cause: story.cause, intent: story.intent }));
      return sendJson(res, 200, await getOverview(context.db.db, resolved.period, stories));
    }
    const period = periodSchema.safeParse(query);
    if (!period.success) throw new HttpError('invalid_request', describeIssue(period.error.issues));
    if (kind === 'stories') {
      if (!context.site.getStory(key)) throw new HttpError('unknown_story', `There is no published story "${key}".`);
      return sendJson(res, 200, { story: key, ...(await getStoryStats(context.db.db, key, period.data)) });
    }
    const code = codeSchema.safeParse(key);
    if (!code.success || !(await context.links.get(code.data))) throw new HttpError('unknown_link', 'There is no share link with this code.');
    sendJson(res, 200, { link: code.data, ...(await getLinkStats(context.db.db, code.data, period.data)) });
  }

  async function publicCounts(res: ServerResponse, slug: string) {
    if (!context.site.getStory(slug)) throw new HttpError('unknown_story', `There is no published story "${slug}".`);
    const [{ shares, clicks }, reached] = await Promise.all([getStoryTotals(context.db.db, slug), context.momentum.reached('story', slug)]);
    const wins = reached.map((win) => ({
      id: win.id,
      name: win.name,
      message: win.message,
      reachedAt: new Date(win.reachedAt).toISOString(),
      url: winPaths(win.id).page,
    }));
    const body = JSON.stringify({ story: slug, shares, clicks, wins });
    res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'public, max-age=60' });
    res.end(body);
  }

  return (req, res, target) => {
    const privateMatch = /^\/api\/stats\/(?:(stories|links)\/([^/]+)|(overview))\/?$/.exec(target.pathname);
    const publicMatch = /^\/api\/public\/stories\/([^/]+)\/?$/.exec(target.pathname);
    if (!privateMatch && !publicMatch) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendError(res, new HttpError('method_not_allowed', 'Use GET for stats.', { Allow: 'GET, HEAD' }));
      return true;
    }
    const work = privateMatch
      ? stats(req, res, target, (privateMatch[1] ?? 'overview') as 'stories' | 'links' | 'overview', privateMatch[2] ?? '')
      : publicCounts(res, publicMatch![1]!);
    work.catch((error: unknown) => sendError(res, error));
    return true;
  };
}
