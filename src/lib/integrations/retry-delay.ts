/** Delivery attempts are given up, and an endpoint that fails all along disabled, after this long. */
export const GIVE_UP_MS = 24 * 60 * 60_000;

/** The longest wait between two attempts. */
const MAX_DELAY_MS = 60 * 60_000;

/**
 * How long to wait after the `attempt`-th failed attempt (1-based): `firstMs` doubled each time
 * (5 s, 10 s, 20 s, ... by default), at most an hour, so a day of failures makes about 30 attempts.
 */
export function retryDelay(attempt: number, firstMs = 5_000): number {
  return Math.min(MAX_DELAY_MS, firstMs * 2 ** Math.max(0, attempt - 1));
}
