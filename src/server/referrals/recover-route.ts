import type { HotRoute } from '../create-hub-handler.ts';
import { serializeCookie } from '../cookies.ts';
import { sendText } from '../respond.ts';
import { ADVOCATE_COOKIE, ADVOCATE_COOKIE_DAYS, type ReferralContext } from './referral-context.ts';

const RECOVER = /^\/me\/recover\/([A-Za-z0-9_.-]{20,200})\/?$/;

/** The private link an advocate keeps to open /me on another device: a signed advocate id. */
export function recoveryPath(context: ReferralContext, advocateId: string): string {
  return `/me/recover/${context.signer.sign(`recover.${advocateId}`)}/`;
}

/**
 * GET /me/recover/<token>: a valid token sets the advocate cookie on this device and sends the
 * browser to /me/; anything else is the 404 page.
 */
export function createRecoverRoute(context: ReferralContext): HotRoute {
  async function recover(token: string, res: Parameters<HotRoute>[1], req: Parameters<HotRoute>[0]) {
    const value = context.signer.verify(token);
    const advocateId = value?.startsWith('recover.') ? value.slice('recover.'.length) : undefined;
    const known = advocateId
      ? await context.db.db.selectFrom('advocates').select('id').where('id', '=', advocateId).executeTakeFirst()
      : undefined;
    if (!known) return context.notFound(req, res);
    res.writeHead(303, {
      Location: '/me/',
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
      'Set-Cookie': serializeCookie(ADVOCATE_COOKIE, context.signer.sign(known.id), {
        maxAgeSeconds: ADVOCATE_COOKIE_DAYS * 86_400,
        secure: context.config.siteUrl.startsWith('https:'),
      }),
    });
    res.end();
  }

  return (req, res, target) => {
    if (!target.pathname.startsWith('/me/recover/')) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendText(res, 405, 'Method not allowed\n', { Allow: 'GET, HEAD' });
      return true;
    }
    const match = RECOVER.exec(target.pathname);
    if (!match) {
      context.notFound(req, res);
      return true;
    }
    recover(match[1]!, res, req).catch(() => context.notFound(req, res));
    return true;
  };
}
