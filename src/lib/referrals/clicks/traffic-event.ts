/** Why a request to a referral link was not counted as a click. */
export type ExclusionReason = 'bot' | 'preview' | 'head';

/** A counted click on a share link, with what the rollups group it by. */
export type ClickEvent = {
  kind: 'click';
  code: string;
  storySlug: string;
  /** The advocate whose link it is. */
  advocateId: string;
  channel: string;
  generation: number;
  time: number;
  visitor: string;
  device: string;
  referrerHost: string | null;
  /** Two-letter country code from a trusted proxy header, or null. */
  country: string | null;
};

/** A request to a share link that was not a click: only counted by reason (excluded_daily). */
export type ExcludedEvent = { kind: 'excluded'; code: string; time: number; reason: ExclusionReason };

/** What the click recorder queues and a click store writes: a click or an excluded request. */
export type TrafficEvent = ClickEvent | ExcludedEvent;

/** Why a page event was not a reader's: a crawler, a link-preview fetcher, or a page prerendered before anyone saw it. */
export type PageExclusionReason = 'bot' | 'preview' | 'prerender';

/** Where a reader came from, as the sources rollup groups it ('' where a part is unknown). */
export type ReaderSource = { channel: string; source: string; medium: string; campaign: string };

/**
 * A page event from the beacon: a view, or a read (the reader reached the end). `visitor` is the
 * page's daily visitor hash, which the writer looks up to tell a new reader; for a visitor who
 * sends GPC or DNT it is null, nothing about them is written, and the beacon route decided in
 * memory whether they are new (`newReader`, `newRead`).
 */
export type PageEvent = { kind: 'page'; name: 'view' | 'read'; page: string; time: number; source: ReaderSource } & (
  | { visitor: string }
  | { visitor: null; newReader: boolean; newRead: boolean }
);

/** A page event that was not a person's: only counted per page, day and reason (page_excluded_daily). */
export type PageExcludedEvent = { kind: 'page-excluded'; page: string; time: number; reason: PageExclusionReason };

/** What the recorder queues and a store writes: referral traffic and page events, one group commit for both. */
export type RecordedEvent = TrafficEvent | PageEvent | PageExcludedEvent;
