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
