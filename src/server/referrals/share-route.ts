import type { IncomingMessage, ServerResponse } from 'node:http';
import QRCode from 'qrcode';
import { winPaths } from '../../lib/momentum/win-paths.ts';
import { ShareError } from '../../lib/referrals/create-share-link.ts';
import { codeSchema, shareRequestSchema } from '../../lib/referrals/schema.ts';
import { parseCookies, serializeCookie } from '../cookies.ts';
import type { HotRoute } from '../create-hub-handler.ts';
import { HttpError, sendError } from '../http-error.ts';
import { readBody } from '../read-body.ts';
import { sendJson } from '../respond.ts';
import { checkOrigin } from './check-origin.ts';
import { readAttribution } from './read-attribution.ts';
import { ADVOCATE_COOKIE, ADVOCATE_COOKIE_DAYS, type ReferralContext } from './referral-context.ts';

const BODY_LIMIT = 4 * 1024;

/** The first problem zod found, said as "field: message". */
export function describeIssue(issues: { path: PropertyKey[]; message: string }[]): string {
  const issue = issues[0]!;
  return issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message;
}

/**
 * POST /api/share creates (201) or returns (200) the advocate's link for a story and channel.
 * With `win` (a win's page) the link is the same; the answer's URL is /r/<code>/w/<win id>, whose
 * preview is the win's celebration card. A form post without JavaScript is answered with a 303 to
 * the page that shows the new link.
 * GET /api/share/<code>/qr.svg draws the link as a QR code.
 */
export function createShareRoute(context: ReferralContext, cardUrl: (code: string) => string): HotRoute {
  const secure = context.config.siteUrl.startsWith('https:');

  async function share(req: IncomingMessage, res: ServerResponse) {
    checkOrigin(req, context.config.siteUrl);
    const body = await readBody(req, BODY_LIMIT);
    const parsed = shareRequestSchema.safeParse(body.fields);
    if (!parsed.success) throw new HttpError('invalid_request', describeIssue(parsed.error.issues));
    const input = parsed.data;
    const story = context.site.getStory(input.story);
    if (!story) throw new HttpError('unknown_story', `There is no published story "${input.story}".`);
    const view = input.win === undefined ? undefined : await context.wins.view(input.win);
    if (input.win !== undefined && !view) throw new HttpError('unknown_win', 'There is no win with this id.');
    if (view && view.win.scope === 'story' && view.win.story !== story.slug) {
      throw new HttpError('invalid_request', `win: this win belongs to another story than "${story.slug}".`);
    }

    let result;
    try {
      result = await context.shares.share({
        storySlug: story.slug,
        channel: input.channel,
        name: input.name,
        advocateId: context.signer.verify(parseCookies(req).get(ADVOCATE_COOKIE)),
        explicitParent: input.parent,
        attributedParent: readAttribution(req, context),
      });
    } catch (error) {
      if (error instanceof ShareError) throw new HttpError('unknown_parent', error.message);
      throw error;
    }

    const { link } = result;
    if (result.created) context.momentum.touch('share', { story: link.storySlug, advocates: [result.advocateId], ancestorsOf: link.code });
    res.setHeader(
      'Set-Cookie',
      serializeCookie(ADVOCATE_COOKIE, context.signer.sign(result.advocateId), { maxAgeSeconds: ADVOCATE_COOKIE_DAYS * 86_400, secure }),
    );
    const paths = view && winPaths(view.win.id);
    if (body.form) {
      const page = `/stories/${story.slug}/share/${link.code}/${view ? `?win=${view.win.id}` : ''}`;
      res.writeHead(303, { Location: page, 'Cache-Control': 'no-store' });
      res.end();
      return;
    }
    sendJson(res, result.created ? 201 : 200, {
      code: link.code,
      url: `${context.config.siteUrl}${paths ? paths.link(link.code) : `/r/${link.code}`}`,
      cardUrl: paths ? `${context.config.siteUrl}${paths.card('og')}` : cardUrl(link.code),
      ...(view ? { win: view.win.id } : {}),
      story: link.storySlug,
      channel: link.channel,
      parent: link.parentCode,
      generation: link.generation,
    });
  }

  async function qr(res: ServerResponse, rawCode: string) {
    const code = codeSchema.safeParse(rawCode);
    const link = code.success ? await context.links.get(code.data) : undefined;
    if (!link) throw new HttpError('unknown_link', 'There is no share link with this code.');
    const svg = await QRCode.toString(`${context.config.siteUrl}/r/${link.code}`, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
    res.writeHead(200, {
      'Content-Type': 'image/svg+xml',
      'Content-Length': Buffer.byteLength(svg),
      // The link's URL never changes, so neither does its QR code.
      'Cache-Control': 'public, max-age=31536000, immutable',
    });
    res.end(svg);
  }

  return (req, res, target) => {
    if (target.pathname === '/api/share') {
      if (req.method !== 'POST') {
        sendError(res, new HttpError('method_not_allowed', 'Use POST to create a share link.', { Allow: 'POST' }));
      } else {
        share(req, res).catch((error: unknown) => sendError(res, error));
      }
      return true;
    }
    const qrMatch = /^\/api\/share\/([^/]+)\/qr\.svg$/.exec(target.pathname);
    if (qrMatch) {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        sendError(res, new HttpError('method_not_allowed', 'Use GET for a QR code.', { Allow: 'GET, HEAD' }));
      } else {
        qr(res, qrMatch[1]!).catch((error: unknown) => sendError(res, error));
      }
      return true;
    }
    return false;
  };
}
