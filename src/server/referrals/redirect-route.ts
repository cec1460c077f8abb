import type { IncomingMessage, ServerResponse } from 'node:http';
import { deviceClass, detectTraffic } from '../../lib/bots/detect-traffic.ts';
import { codeSchema } from '../../lib/referrals/schema.ts';
import { utcDay } from '../../lib/referrals/utc-day.ts';
import { clientAddress, clientCountry, optedOut, serializeCookie } from '../cookies.ts';
import type { HotRoute } from '../create-hub-handler.ts';
import { sendError } from '../http-error.ts';
import { sendText } from '../respond.ts';
import type { SiteIndex } from '../load-site-index.ts';
import { ATTRIBUTION_COOKIE, type ReferralContext } from './referral-context.ts';

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!);

/** What a link-preview fetcher gets: the story's Open Graph tags, nothing counted as a click. */
function previewPage(story: SiteIndex['stories'][number], brand: string, siteUrl: string, image: string): string {
  const url = `${siteUrl}/stories/${story.slug}/`;
  const tags = [
    ['og:type', 'article'],
    ['og:site_name', brand],
    ['og:title', story.title],
    ['og:description', story.summary],
    ['og:url', url],
    ['og:image', image],
    ['og:image:width', '1200'],
    ['og:image:height', '630'],
    ['og:image:alt', `Share card of the story "${story.title}"`],
  ]
    .map(([property, content]) => `<meta property="${property}" content="${escapeHtml(content!)}">`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>${escapeHtml(story.title)} · ${escapeHtml(brand)}</title>
<meta name="description" content="${escapeHtml(story.summary)}">
<meta name="robots" content="noindex">
<link rel="canonical" href="${escapeHtml(url)}">
${tags}
<meta name="twitter:card" content="summary_large_image">
<meta name="twitter:title" content="${escapeHtml(story.title)}">
<meta name="twitter:description" content="${escapeHtml(story.summary)}">
<meta name="twitter:image" content="${escapeHtml(image)}">
</head><body><p><a href="${escapeHtml(url)}">${escapeHtml(story.title)}</a></p></body></html>\n`;
}

function referrerHost(req: IncomingMessage): string | null {
  const referer = req.headers.referer;
  if (!referer) return null;
  try {
    return new URL(referer).host.toLowerCase().slice(0, 255) || null;
  } catch {
    return null;
  }
}

/**
 * GET /r/<code>: a person is counted (after the click is committed) and sent to the story with
 * the attribution cookie; bots, previews and HEAD get the story's preview tags and go to the
 * excluded ledger. Never redirects anywhere but a story page of this site.
 */
export function createRedirectRoute(context: ReferralContext, previewImage: (code: string, story: SiteIndex['stories'][number]) => string): HotRoute {
  async function handle(req: IncomingMessage, res: ServerResponse, rawCode: string) {
    const parsed = codeSchema.safeParse(rawCode);
    const link = parsed.success ? await context.links.get(parsed.data) : undefined;
    const story = link ? context.site.getStory(link.storySlug) : undefined;
    if (!link || !story) return context.notFound(req, res);

    const time = context.now();
    const userAgent = req.headers['user-agent'];
    const traffic = detectTraffic(req.method, userAgent);
    if (!traffic.person) {
      await context.recorder.record({ kind: 'excluded', code: link.code, time, reason: traffic.reason });
      const html = previewPage(story, context.site.brand.name, context.config.siteUrl, previewImage(link.code, story));
      res.writeHead(200, {
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Length': Buffer.byteLength(html),
        'Cache-Control': 'no-store',
        'X-Robots-Tag': 'noindex',
      });
      res.end(req.method === 'HEAD' ? undefined : html);
      return;
    }

    const visitor = await context.hasher.hash(utcDay(time), clientAddress(req, context.config.trustProxy), userAgent ?? '', link.code);
    await context.recorder.record({
      kind: 'click',
      code: link.code,
      storySlug: link.storySlug,
      advocateId: link.advocateId,
      channel: link.channel,
      generation: link.generation,
      time,
      visitor,
      device: deviceClass(userAgent),
      referrerHost: referrerHost(req),
      country: clientCountry(req, context.config.trustProxy),
    });
    context.momentum.touch('click', { story: link.storySlug, advocates: [link.advocateId] });
    const headers: Record<string, string> = { Location: `/stories/${story.slug}/`, 'Cache-Control': 'no-store' };
    if (!optedOut(req)) {
      headers['Set-Cookie'] = serializeCookie(ATTRIBUTION_COOKIE, context.signer.sign(`${link.code}.${time}`), {
        maxAgeSeconds: context.config.attributionWindowDays * 86_400,
        secure: context.config.siteUrl.startsWith('https:'),
      });
    }
    res.writeHead(302, headers);
    res.end();
  }

  return (req, res, target) => {
    if (!target.pathname.startsWith('/r/')) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendText(res, 405, 'Method not allowed\n', { Allow: 'GET, HEAD' });
      return true;
    }
    const rawCode = target.pathname.slice(3).replace(/\/$/, '');
    handle(req, res, rawCode).catch((error: unknown) => sendError(res, error));
    return true;
  };
}
