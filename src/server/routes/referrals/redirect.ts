import type { FastifyReply, FastifyRequest } from 'fastify';
import { deviceClass, detectTraffic } from '../../../lib/bots/detect-traffic.ts';
import { winFitsStory } from '../../../lib/momentum/win-fits-story.ts';
import { ATTRIBUTION_COOKIE, attributionValue } from '../../../lib/referrals/referral-cookies.ts';
import { codeSchema } from '../../../lib/referrals/schema.ts';
import { utcDay } from '../../../lib/time/utc-day.ts';
import type { HubServices } from '../../create-hub-services.ts';
import { clientAddress, clientCountry, optedOut, serializeCookie } from '../../http/cookies.ts';
import { HttpError } from '../../http/http-error.ts';
import { previewPage, storyPreview, winPreview } from './link-preview.ts';
import { clearedAttribution } from './read-attribution.ts';

const DAY_SECONDS = 86_400;

function referrerHost(referer: string | undefined): string | null {
  if (!referer) return null;
  try {
    return new URL(referer).host.toLowerCase().slice(0, 255) || null;
  } catch {
    return null;
  }
}

const notFound = () => new HttpError('not_found', 'There is no share link at this address.');

/**
 * GET /r/<code>: a person is counted (after the click is committed) and sent to the story with
 * the attribution cookie; bots, previews and HEAD get the story's preview tags and go to the
 * excluded ledger. GET /r/<code>/w/<win id> is the same link celebrating a win: counted and
 * redirected exactly alike, its preview shows the win's celebration card. An unknown win, or a
 * story's win on another story's link, is a 404. Never redirects anywhere but a story page of
 * this site.
 */
export function createRedirect(services: HubServices) {
  const { config, site, links, wins, recorder, hasher, momentum, signer, clock } = services;
  const cookieOptions = { maxAgeSeconds: config.attributionWindowDays * DAY_SECONDS, secure: config.siteUrl.startsWith('https:') };
  const cardUrl = (code: string) => `${config.siteUrl}/cards/links/${code}/og.png`;

  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { code: rawCode, win: winId } = request.params as { code: string; win?: string };
    const code = codeSchema.safeParse(rawCode);
    if (!code.success) throw notFound();
    const link = await links.get(code.data);
    const story = link ? site.getStory(link.storySlug) : undefined;
    if (!link || !story) throw notFound();
    // Only a link that celebrates a win looks the win up: plain /r/<code> stays as it was.
    const view = winId === undefined ? undefined : await wins.view(winId);
    if (winId !== undefined && (!view || !winFitsStory(view.win, link.storySlug))) throw notFound();

    const req = request.raw;
    const time = clock.now();
    const userAgent = req.headers['user-agent'];
    const traffic = detectTraffic(req.method, userAgent);
    if (!traffic.person) {
      await recorder.record({ kind: 'excluded', code: link.code, time, reason: traffic.reason });
      const preview = view ? winPreview(view, story, config.siteUrl, link.code) : storyPreview(story, config.siteUrl, cardUrl(link.code));
      return reply
        .code(200)
        .headers({ 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'X-Robots-Tag': 'noindex' })
        .send(previewPage(preview, site.brand.name));
    }

    const visitor = await hasher.hash(utcDay(time), clientAddress(req, config.trustProxy), userAgent ?? '', link.code);
    await recorder.record({
      kind: 'click',
      code: link.code,
      storySlug: link.storySlug,
      advocateId: link.advocateId,
      channel: link.channel,
      generation: link.generation,
      time,
      visitor,
      device: deviceClass(userAgent),
      referrerHost: referrerHost(req.headers.referer),
      country: clientCountry(req, config.trustProxy),
    });
    momentum.touch('click', { story: link.storySlug, advocates: [link.advocateId] });
    // The hot path writes its 302 straight to the socket: none of Fastify's reply pipeline is needed for it.
    reply.hijack();
    // The fragment tells the story page's beacon that the reader came through a share link of this channel (nothing per visitor).
    const headers: Record<string, string> = { Location: `/stories/${story.slug}/#via=${link.channel}`, 'Cache-Control': 'no-store' };
    // GPC or DNT: no cookie, and one left from an earlier visit goes, so nothing links this visitor.
    const cookie = optedOut(req) ? clearedAttribution(request, services) : serializeCookie(ATTRIBUTION_COOKIE, attributionValue(signer, link.code, time), cookieOptions);
    if (cookie) headers['Set-Cookie'] = cookie;
    reply.raw.writeHead(302, headers).end();
  };
}
