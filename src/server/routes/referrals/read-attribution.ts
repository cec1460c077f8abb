import type { FastifyRequest } from 'fastify';
import { ATTRIBUTION_COOKIE, attributedCode } from '../../../lib/referrals/referral-cookies.ts';
import type { HubServices } from '../../create-hub-services.ts';
import { readCookie } from '../../http/cookies.ts';

const DAY_MS = 86_400_000;

/** The code of the link this visitor last came through, if their attribution cookie is within the window. */
export function readAttribution(request: FastifyRequest, services: Pick<HubServices, 'signer' | 'config' | 'clock'>): string | undefined {
  return attributedCode(readCookie(request.raw, ATTRIBUTION_COOKIE), {
    signer: services.signer,
    windowMs: services.config.attributionWindowDays * DAY_MS,
    now: services.clock.now(),
  });
}
