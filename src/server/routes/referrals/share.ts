import type { FastifyReply, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import { winFitsStory } from '../../../lib/momentum/win-fits-story.ts';
import { winPaths } from '../../../lib/momentum/win-paths.ts';
import { ShareError } from '../../../lib/referrals/create-share-link.ts';
import { ADVOCATE_COOKIE, ADVOCATE_COOKIE_DAYS } from '../../../lib/referrals/referral-cookies.ts';
import { codeSchema, shareRequestSchema } from '../../../lib/referrals/schema.ts';
import type { HubServices } from '../../create-hub-services.ts';
import { bodyOf } from '../../http/body-parsers.ts';
import { readCookie, serializeCookie } from '../../http/cookies.ts';
import { describeIssue, HttpError } from '../../http/http-error.ts';
import { seeOther, sendJson } from '../../http/replies.ts';
import { readAttribution } from './read-attribution.ts';

/**
 * POST /api/share creates (201) or returns (200) the advocate's link for a story and channel.
 * With `win` (a win's page) the link is the same; the answer's URL is /r/<code>/w/<win id>, whose
 * preview is the win's celebration card. A form post without JavaScript is answered with a 303 to
 * the page that shows the new link.
 */
export function createShare(services: HubServices) {
  const { config, site, wins, shares, signer, momentum } = services;
  const secure = config.siteUrl.startsWith('https:');

  return async (request: FastifyRequest, reply: FastifyReply) => {
    const body = bodyOf(request);
    const parsed = shareRequestSchema.safeParse(body.fields);
    if (!parsed.success) throw new HttpError('invalid_request', describeIssue(parsed.error.issues));
    const input = parsed.data;
    const story = site.getStory(input.story);
    if (!story) throw new HttpError('unknown_story', `There is no published story "${input.story}".`);
    const view = input.win === undefined ? undefined : await wins.view(input.win);
    if (input.win !== undefined && !view) throw new HttpError('unknown_win', 'There is no win with this id.');
    if (view && !winFitsStory(view.win, story.slug)) {
      throw new HttpError('invalid_request', `win: this win belongs to another story than "${story.slug}".`);
    }

    let result;
    try {
      result = await shares.share({
        storySlug: story.slug,
        channel: input.channel,
        name: input.name,
        advocateId: signer.verify(readCookie(request.raw, ADVOCATE_COOKIE)),
        explicitParent: input.parent,
        attributedParent: readAttribution(request, services),
      });
    } catch (error) {
      if (error instanceof ShareError) throw new HttpError('unknown_parent', error.message);
      throw error;
    }

    const { link } = result;
    if (result.created) momentum.touch('share', { story: link.storySlug, advocates: [result.advocateId], ancestorsOf: link.code });
    reply.header('Set-Cookie', serializeCookie(ADVOCATE_COOKIE, signer.sign(result.advocateId), { maxAgeSeconds: ADVOCATE_COOKIE_DAYS * 86_400, secure }));
    if (body.form) return seeOther(reply, `/stories/${story.slug}/share/${link.code}/${view ? `?win=${view.win.id}` : ''}`);
    const paths = view && winPaths(view.win.id);
    return sendJson(reply, {
      code: link.code,
      url: `${config.siteUrl}${paths ? paths.link(link.code) : `/r/${link.code}`}`,
      cardUrl: `${config.siteUrl}${paths ? paths.card('og') : `/cards/links/${link.code}/og.png`}`,
      ...(view ? { win: view.win.id } : {}),
      story: link.storySlug,
      channel: link.channel,
      parent: link.parentCode,
      generation: link.generation,
    }, result.created ? 201 : 200);
  };
}

/** GET /api/share/<code>/qr.svg: the link as a QR code (its URL never changes, so neither does the image). */
export function createShareQr(services: HubServices) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const code = codeSchema.safeParse((request.params as { code: string }).code);
    const link = code.success ? await services.links.get(code.data) : undefined;
    if (!link) throw new HttpError('unknown_link', 'There is no share link with this code.');
    const svg = await QRCode.toString(`${services.config.siteUrl}/r/${link.code}`, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
    return reply.headers({ 'Content-Type': 'image/svg+xml', 'Cache-Control': 'public, max-age=31536000, immutable' }).send(svg);
  };
}
