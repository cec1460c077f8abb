import { detectTraffic } from '../bots/detect-traffic.ts';
import type { ClickRecorder } from '../referrals/clicks/create-click-recorder.ts';
import type { PageExclusionReason, ReaderSource } from '../referrals/clicks/traffic-event.ts';
import type { VisitorHasher } from '../referrals/create-visitor-hasher.ts';
import { utcDay } from '../time/utc-day.ts';
import { classifySource } from './classify-source.ts';
import { createOptedOutReaders } from './create-opted-out-readers.ts';
import { createSourceLimiter } from './create-source-limiter.ts';
import { pagePathOf } from './page-path-of.ts';
import type { PageEventInput } from './schema.ts';

/** What the beacon route knows of the request an event came in (nothing of it is stored). */
export type EventRequest = {
  /** The Host the request was sent to: a page on it is this site's too. */
  host: string | undefined;
  ip: string;
  userAgent: string | undefined;
  /** The visitor sends GPC or DNT: counted, nothing about them written. */
  optedOut: boolean;
  /** The browser fetched this while prerendering or prefetching, before anyone saw the page. */
  prerender: boolean;
};

/**
 * Counts beacon events: a page of this site (else `undefined`, for a 400), a person (bots and
 * link previews by the click's rules, and prerender fetches, go to the excluded ledger), the
 * page's daily visitor hash, and the source; then the event is queued in the click recorder
 * (group commit) and the promise resolves once it is committed. Sources are bounded per page
 * and day; opted-out visitors are told apart in memory only.
 */
export function createPageCounter(deps: {
  siteUrl: string;
  /** Whether a path (with its trailing slash) is a public page whose readers count. */
  counts: (pathname: string) => boolean;
  hasher: VisitorHasher;
  recorder: ClickRecorder;
  now: () => number;
}) {
  const site = new URL(deps.siteUrl);
  const optedOutReaders = createOptedOutReaders();
  const sources = createSourceLimiter();

  return {
    async count(event: PageEventInput, request: EventRequest): Promise<'counted' | 'excluded' | undefined> {
      const hosts = request.host ? [site.host, request.host] : [site.host];
      const page = pagePathOf(event.url, hosts, deps.counts);
      if (!page) return undefined;
      const time = deps.now();
      const traffic = detectTraffic('GET', request.userAgent);
      const reason: PageExclusionReason | undefined = request.prerender ? 'prerender' : traffic.person ? undefined : traffic.reason === 'preview' ? 'preview' : 'bot';
      if (reason) {
        await deps.recorder.record({ kind: 'page-excluded', page, time, reason });
        return 'excluded';
      }
      const day = utcDay(time);
      const pageUrl = new URL(event.url);
      const source: ReaderSource = sources.limit(day, page, classifySource(pageUrl, event.referrer, pageUrl.hostname));
      const visitor = await deps.hasher.hash(day, request.ip, request.userAgent ?? '', page);
      if (request.optedOut) {
        await deps.recorder.record({ kind: 'page', name: event.name, page, time, source, visitor: null, ...optedOutReaders.news(day, page, visitor, event.name) });
      } else {
        await deps.recorder.record({ kind: 'page', name: event.name, page, time, source, visitor });
      }
      return 'counted';
    },
  };
}

export type PageCounter = ReturnType<typeof createPageCounter>;
