/**
 * The hub's abuse limits, by name: what a route table row lists in `limit`. Each counts one kind
 * of write by one key in one window; the numbers come from the environment (README, "Limits").
 */
export const LIMIT_NAMES = [
  /** Share links one client address may make in a UTC day (SHARES_PER_CLIENT_PER_DAY). */
  'share-client',
  /** Share links one advocate (their `hub_adv` cookie) may make in a UTC day (SHARES_PER_ADVOCATE_PER_DAY). */
  'share-advocate',
  /** Conversions of one goal one visitor (address and browser) may record in a UTC day (CONVERSIONS_PER_VISITOR_PER_DAY). */
  'conversion-visitor',
  /** Event beacons one client address may send in a minute (EVENTS_PER_CLIENT_PER_MINUTE). */
  'event-client',
] as const;

export type LimitName = (typeof LIMIT_NAMES)[number];
