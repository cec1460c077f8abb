/**
 * At most `limit` attempts per key in a sliding `windowMs`, in memory (keys are never stored
 * anywhere else). Used for login attempts, keyed by a hash of the client address.
 */
export function createRateLimiter(options: { limit: number; windowMs: number; now?: () => number; maxKeys?: number }) {
  const { limit, windowMs, maxKeys = 10_000 } = options;
  const now = options.now ?? Date.now;
  const attempts = new Map<string, number[]>();

  function recent(key: string, time: number): number[] {
    const list = (attempts.get(key) ?? []).filter((at) => at > time - windowMs);
    if (list.length === 0) attempts.delete(key);
    else attempts.set(key, list);
    return list;
  }

  return {
    /** Seconds until the key may try again, or 0 when it may try now. */
    retryAfter(key: string): number {
      const time = now();
      const list = recent(key, time);
      if (list.length < limit) return 0;
      return Math.max(1, Math.ceil((list[0]! + windowMs - time) / 1000));
    },
    /** Counts one attempt. */
    hit(key: string): void {
      const time = now();
      const list = recent(key, time);
      if (!attempts.has(key) && attempts.size >= maxKeys) attempts.delete(attempts.keys().next().value!);
      attempts.set(key, [...list, time]);
    },
    /** Forgets a key (after a successful login). */
    reset(key: string): void {
      attempts.delete(key);
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;
