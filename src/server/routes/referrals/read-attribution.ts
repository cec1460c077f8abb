import type { FastifyRequest } from 'fastify';
import { ATTRIBUTION_COOKIE, attributedCode } from '../../../lib/referrals/referral-cookies.ts';
import { DAY_MS } from '../../../lib/time/utc-day.ts';
import type { HubServices } from '../../create-hub-services.ts';
import { readCookie } from '../../http/cookies.ts';

/** The code of the link this visitor last came through, if their attribution cookie is within the window. */
export function readAttribution(request: FastifyRequest, services: Pick<HubServices, 'signer' | 'config' | 'clock'>): string | undefined {
  return attributedCode(readCookie(request.raw, ATTRIBUTION_COOKIE), {
    signer: services.signer,
    windowMs: services.config.attributionWindowDays * DAY_MS,
    now: services.clock.now(),
  });
}
