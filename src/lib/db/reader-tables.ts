import type { Generated } from 'kysely';

// The tables of cookieless reader counting (migration 0011).

type Counter = Generated<number>;

/** The per-day set of readers of a page (kept two days): tells a new reader, and a first read, from a known one. */
export interface ReaderDaysTable {
  page: string;
  day: string;
  visitor: string;
  /** 1 once this reader reached the end of the page that day. */
  has_read: Generated<number>;
}

/** Views, readers (distinct visitor hashes) and reads (readers who reached the end) per page and day. */
export interface PageDailyTable {
  page: string;
  day: string;
  views: Counter;
  readers: Counter;
  reads: Counter;
}

/** Views and new readers per page, day and source ('' where a part is unknown). */
export interface SourceDailyTable {
  page: string;
  day: string;
  channel: string;
  source: string;
  medium: string;
  campaign: string;
  views: Counter;
  readers: Counter;
}

/** Page events that were not people (bot, preview, prerender), per page, day and reason. */
export interface PageExcludedDailyTable {
  page: string;
  day: string;
  reason: string;
  hits: Counter;
}
