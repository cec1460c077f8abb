import type { ReaderSource } from '../referrals/clicks/traffic-event.ts';

/** Distinct sources kept per page and day; the rest are folded into one `(other)` row of their channel. */
export const SOURCES_PER_PAGE_DAY = 100;

/**
 * Bounds the rows anyone can make by inventing utm values or referrers: per page and day (in this
 * process), the first SOURCES_PER_PAGE_DAY distinct sources are kept as they are, later new ones
 * become `(other)` within their channel.
 */
export function createSourceLimiter(limit = SOURCES_PER_PAGE_DAY) {
  let day = '';
  let seen = new Map<string, Set<string>>();

  return {
    limit(eventDay: string, page: string, source: ReaderSource): ReaderSource {
      if (eventDay !== day) {
        day = eventDay;
        seen = new Map();
      }
      let keys = seen.get(page);
      if (!keys) seen.set(page, (keys = new Set()));
      const key = `${source.channel}\n${source.source}\n${source.medium}\n${source.campaign}`;
      if (keys.has(key)) return source;
      if (keys.size < limit) {
        keys.add(key);
        return source;
      }
      return { channel: source.channel, source: '(other)', medium: '', campaign: '' };
    },
  };
}
