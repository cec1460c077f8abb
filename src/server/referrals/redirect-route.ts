import type { IncomingMessage, ServerResponse } from 'node:http';
import { deviceClass, detectTraffic } from '../../lib/bots/detect-traffic.ts';
import type { WinView } from '../../lib/momentum/create-win-views.ts';
import { winPaths } from '../../lib/momentum/win-paths.ts';
import { codeSchema } from '../../lib/referrals/schema.ts';
import { utcDay } from '../../lib/time/utc-day.ts';
import { clientAddress, clientCountry, optedOut, serializeCookie } from '../cookies.ts';
import type { HotRoute } from '../create-hub-handler.ts';
import { sendError } from '../http-error.ts';
import { sendText } from '../respond.ts';
import type { SiteIndex } from '../load-site-index.ts';
import { ATTRIBUTION_COOKIE, type ReferralContext } from './referral-context.ts';

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!);

/** What a link preview shows of a share link: the story's, or a win's celebration card. */
type Preview = { title: string; description: string; url: string; image: string; imageAlt: string };

/** What a link-preview fetcher gets: Open Graph tags, nothing counted as a click. */
function previewPage(preview: Preview, brand: string): string {
  const tags = [
    ['og:type', 'article'],
    ['og:site_name', brand],
    ['og:title', preview.title],
    ['og:description', preview.description],
    ['og:url', preview.url],
    ['og:image', preview.image],
    ['og:image:width', '1200'],
    ['og:image:height', '630'],
    ['og:image:alt', preview.imageAlt],
  ]
    .map(([property, content]) => `<meta property="${property}" content="${escapeHtml(content!)}">`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>${escapeHtml(preview.title)} · ${escapeHtml(brand)}</title>
<meta name="description" content="${escapeHtml(preview.description)}">
<meta name="robots" content="noindex">
<link rel="canonical" href="${escapeHtml(preview.url)}">
${tags}
<meta name="twitter:card" content="summary_large_image">
<meta name="twitter:title" content="${escapeHtml(preview.title)}">
<meta name="twitter:description" content="${escapeHtml(preview.description)}">
<meta name="twitter:image" content="${escapeHtml(preview.image)}">
</head><body><p><a href="${escapeHtml(preview.url)}">${escapeHtml(preview.title)}</a></p></body></html>\n`;
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

/** The preview of a plain share link: the story with the link's card. */
function storyPreview(story: SiteIndex['stories'][number], siteUrl: string, image: string): Preview {
  return {
    title: story.title,
    description: story.summary,
    url: `${siteUrl}/stories/${story.slug}/`,
    image,
    imageAlt: `Share card of the story "${story.title}"`,
  };
}

/**
 * The preview of a share link that celebrates a win: its celebration card. og:url is the shared
 * link itself, so a scraper that follows og:url (Facebook) gets this same preview back.
 */
function winPreview(view: WinView, story: SiteIndex['stories'][number], siteUrl: string, code: string): Preview {
  const paths = winPaths(view.win.id);
  const { figure, label, title } = view.celebration;
  return {
    title: `${view.win.name} · ${story.title}`,
    description: `${label} ${story.summary}`,
    url: `${siteUrl}${paths.link(code)}`,
    image: `${siteUrl}${paths.card('og')}`,
    imageAlt: `Celebration card: ${figure}. ${label} ${title}`,
  };
}

/** `<code>` or `<code>/w/<win id>` (a trailing slash allowed); undefined for any other shape. */
function splitTarget(rest: string): { code: string; winId: string | undefined } | undefined {
  const parts = rest.replace(/\/$/, '').split('/');
  if (parts.length === 1) return { code: parts[0]!, winId: undefined };
  if (parts.length === 3 && parts[1] === 'w') return { code: parts[0]!, winId: parts[2]! };
  return undefined;
}

/**
 * GET /r/<code>: a person is counted (after the click is committed) and sent to the story with
 * the attribution cookie; bots, previews and HEAD get the story's preview tags and go to the
 * excluded ledger. GET /r/<code>/w/<win id> is the same link celebrating a win: counted and
 * redirected exactly alike, its preview shows the win's celebration card. An unknown win, or a
 * story's win on another story's link, is a 404. Never redirects anywhere but a story page of
 * this site.
 */
export function createRedirectRoute(context: ReferralContext, previewImage: (code: string, story: SiteIndex['stories'][number]) => string): HotRoute {
  async function handle(req: IncomingMessage, res: ServerResponse, rest: string) {
    const target = splitTarget(rest);
    const code = codeSchema.safeParse(target?.code);
    if (!target || !code.success) return context.notFound(req, res);
    const { winId } = target;
    const link = await context.links.get(code.data);
    const story = link ? context.site.getStory(link.storySlug) : undefined;
    if (!link || !story) return context.notFound(req, res);
    // Only a link that celebrates a win looks the win up: plain /r/<code> stays as it was.
    const view = winId === undefined ? undefined : await context.wins.view(winId);
    if (winId !== undefined && (!view || (view.win.scope === 'story' && view.win.story !== link.storySlug))) return context.notFound(req, res);

    const time = context.now();
    const userAgent = req.headers['user-agent'];
    const traffic = detectTraffic(req.method, userAgent);
    if (!traffic.person) {
      await context.recorder.record({ kind: 'excluded', code: link.code, time, reason: traffic.reason });
      const { siteUrl } = context.config;
      const preview = view ? winPreview(view, story, siteUrl, link.code) : storyPreview(story, siteUrl, previewImage(link.code, story));
      const html = previewPage(preview, context.site.brand.name);
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
    handle(req, res, target.pathname.slice(3)).catch((error: unknown) => sendError(res, error));
    return true;
  };
}
