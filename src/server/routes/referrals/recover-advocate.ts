import type { FastifyReply, FastifyRequest } from 'fastify';
import { ADVOCATE_COOKIE, ADVOCATE_COOKIE_DAYS } from '../../../lib/referrals/referral-cookies.ts';
import { readRecoveryToken } from '../../../lib/referrals/recovery-path.ts';
import type { HubServices } from '../../create-hub-services.ts';
import { serializeCookie } from '../../http/cookies.ts';
import { HttpError } from '../../http/http-error.ts';

const TOKEN = /^[A-Za-z0-9_.-]{20,200}$/;

/**
 * GET /me/recover/<token>: a valid token (an advocate's private link) sets the advocate cookie on
 * this device and sends the browser to /me/; anything else is the 404 page.
 */
export function createRecoverAdvocate(services: HubServices) {
  const { db, signer, config } = services;
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { token } = request.params as { token: string };
    const advocateId = TOKEN.test(token) ? readRecoveryToken(signer, token) : undefined;
    const known = advocateId ? await db.db.selectFrom('advocates').select('id').where('id', '=', advocateId).executeTakeFirst() : undefined;
    if (!known) throw new HttpError('not_found', 'This private link is not valid.');
    return reply
      .code(303)
      .headers({
        Location: '/me/',
        'Cache-Control': 'no-store',
        'Referrer-Policy': 'no-referrer',
        'Set-Cookie': serializeCookie(ADVOCATE_COOKIE, signer.sign(known.id), { maxAgeSeconds: ADVOCATE_COOKIE_DAYS * 86_400, secure: config.siteUrl.startsWith('https:') }),
      })
      .send();
  };
}
