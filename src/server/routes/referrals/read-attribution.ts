import type { FastifyRequest } from 'fastify';
import { ATTRIBUTION_COOKIE, attributedCode } from '../../../lib/referrals/referral-cookies.ts';
import { DAY_MS } from '../../../lib/time/utc-day.ts';
import type { HubServices } from '../../create-hub-services.ts';
import { expiredCookie, optedOut, readCookie } from '../../http/cookies.ts';

/**
 * The code of the link this visitor last came through, if their attribution cookie is within the
 * window. None for a visitor who sends GPC or DNT: an old cookie does not link them either.
 */
export function readAttribution(request: FastifyRequest, services: Pick<HubServices, 'signer' | 'config' | 'clock'>): string | undefined {
  if (optedOut(request.raw)) return undefined;
  return attributedCode(readCookie(request.raw, ATTRIBUTION_COOKIE), {
    signer: services.signer,
    windowMs: services.config.attributionWindowDays * DAY_MS,
    now: services.clock.now(),
  });
}

/**
 * The Set-Cookie that deletes the attribution cookie of a visitor who sends GPC or DNT and still
 * carries one (from a visit before they opted out); undefined otherwise.
 */
export function clearedAttribution(request: FastifyRequest, services: Pick<HubServices, 'config'>): string | undefined {
  if (!optedOut(request.raw) || readCookie(request.raw, ATTRIBUTION_COOKIE) === undefined) return undefined;
  return expiredCookie(ATTRIBUTION_COOKIE, { secure: services.config.siteUrl.startsWith('https:') });
}
