import type { IncomingMessage } from 'node:http';
import { DAY_MS } from '../../lib/time/utc-day.ts';
import { parseCookies } from '../cookies.ts';
import { ATTRIBUTION_COOKIE, type ReferralContext } from './referral-context.ts';

/** The code of the link this visitor last came through, if the signed cookie is within the window. */
export function readAttribution(req: IncomingMessage, context: Pick<ReferralContext, 'signer' | 'config' | 'now'>): string | undefined {
  const value = context.signer.verify(parseCookies(req).get(ATTRIBUTION_COOKIE));
  if (!value) return undefined;
  const [code, issuedAt] = value.split('.');
  const age = context.now() - Number(issuedAt);
  if (!code || !(age >= 0) || age > context.config.attributionWindowDays * DAY_MS) return undefined;
  return code;
}
