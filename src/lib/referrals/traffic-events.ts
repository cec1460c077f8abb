/** Why a request to a referral link was not counted as a click. */
export type ExclusionReason = 'bot' | 'preview' | 'head';

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

export type ExcludedEvent = { kind: 'excluded'; code: string; time: number; reason: ExclusionReason };

export type TrafficEvent = ClickEvent | ExcludedEvent;

/** The segments one click counts in: device class, referrer host ('direct' without one), country ('unknown'). */
export function segmentsOf(click: ClickEvent): [dimension: string, value: string][] {
  return [
    ['device', click.device],
    ['referrer', click.referrerHost ?? 'direct'],
    ['country', click.country ?? 'unknown'],
  ];
}

/** Adds n clicks and u new visitors to the aggregate row under `key`, created from `base`. */
export function bump<T extends { n: number; u: number }>(map: Map<string, T>, key: string, base: Omit<T, 'n' | 'u'>, n: number, u: number) {
  const entry = map.get(key) ?? ({ ...base, n: 0, u: 0 } as T);
  entry.n += n;
  entry.u += u;
  map.set(key, entry);
}
