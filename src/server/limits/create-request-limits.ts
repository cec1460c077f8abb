import type { FastifyRequest } from 'fastify';
import type { HubConfig } from '../../lib/config/schema.ts';
import type { AbuseLimiter, LimitRule } from '../../lib/limits/create-abuse-limiter.ts';
import type { LimitName } from '../../lib/limits/limit-names.ts';
import type { Signer } from '../../lib/referrals/create-signer.ts';
import type { VisitorHasher } from '../../lib/referrals/create-visitor-hasher.ts';
import { ADVOCATE_COOKIE } from '../../lib/referrals/referral-cookies.ts';
import { utcDay } from '../../lib/time/utc-day.ts';
import { bodyOf } from '../http/body-parsers.ts';
import { clientAddress, readCookie } from '../http/cookies.ts';
import { HttpError } from '../http/http-error.ts';

/** Gives back the hits a request took (its write did not happen). */
export type GiveBack = () => Promise<void>;

type RequestRule = LimitRule & {
  /** The parts of the key, hashed with the day's salt; undefined: the rule does not apply (no advocate cookie yet). */
  key(request: FastifyRequest): [string, string] | undefined;
  /** What the person is told, with when to try again. */
  message: string;
};

/**
 * The abuse limits of the route table's `limit` lists, applied by the dispatcher before a
 * handler runs: each named limit takes one hit by its key (a keyed hash of the day: the client's
 * address, an advocate's id, or address, browser and goal; never stored raw). Over a limit: a
 * 429 with Retry-After and a message a person understands. A request whose handler fails gives
 * its hits back, so only writes that happened count.
 */
export function createRequestLimits(deps: { config: HubConfig; limiter: AbuseLimiter; hasher: VisitorHasher; signer: Signer; now: () => number }) {
  const { config, limiter, hasher, signer } = deps;
  const address = (request: FastifyRequest) => clientAddress(request.raw, config.trustProxy);
  const rules: Record<LimitName, RequestRule> = {
    'share-client': {
      max: config.sharesPerClientPerDay,
      per: 'day',
      key: (request) => [address(request), ''],
      message: 'Many share links were made from your network today, so no more can be made until tomorrow. Links you already have keep working.',
    },
    'share-advocate': {
      max: config.sharesPerAdvocatePerDay,
      per: 'day',
      key: (request) => {
        const advocate = signer.verify(readCookie(request.raw, ADVOCATE_COOKIE));
        return advocate ? [advocate, ''] : undefined;
      },
      message: 'You have made many share links today, so no more can be made until tomorrow. Links you already have keep working.',
    },
    'conversion-visitor': {
      max: config.conversionsPerVisitorPerDay,
      per: 'day',
      key: (request) => [address(request), `${request.headers['user-agent'] ?? ''}\n${String(bodyOf(request).fields.goal ?? '')}`],
      message: 'This goal was already recorded for you several times today; it can be recorded again tomorrow.',
    },
    'event-client': {
      max: config.eventsPerClientPerMinute,
      per: 'minute',
      key: (request) => [address(request), ''],
      message: 'Too many events were sent from your network in the last minute. Please wait a moment.',
    },
  };

  return {
    /** Takes a hit of each named limit (throws the 429 when one is used up, giving back the others). */
    async take(request: FastifyRequest, names: readonly LimitName[]): Promise<GiveBack> {
      const taken: GiveBack[] = [];
      const giveBack = async () => {
        await Promise.all(taken.map((back) => back()));
      };
      for (const name of names) {
        const rule = rules[name];
        const parts = rule.key(request);
        if (!parts) continue;
        const key = await hasher.hash(utcDay(deps.now()), parts[0], parts[1], `limit:${name}`);
        const result = await limiter.take(name, key, rule);
        if (!result.allowed) {
          await giveBack();
          const minutes = Math.ceil(result.retryAfterSeconds / 60);
          const when = rule.per === 'minute' ? '' : ` (in ${minutes >= 120 ? `${Math.round(minutes / 60)} hours` : `${minutes} minute${minutes === 1 ? '' : 's'}`})`;
          throw new HttpError('rate_limited', `${rule.message}${when}`, { 'Retry-After': String(result.retryAfterSeconds) });
        }
        taken.push(result.giveBack);
      }
      return giveBack;
    },
  };
}

export type RequestLimits = ReturnType<typeof createRequestLimits>;
