import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { DAY_MS } from '../time/utc-day.ts';

/** How many hits one key may make in one window: a UTC day, a quarter of an hour or a minute. */
export type LimitRule = { max: number; per: 'day' | 'quarter-hour' | 'minute' };

/** What taking a hit answered: allowed (with a way to give the hit back), or refused until the window ends. */
export type LimitTaken = { allowed: true; giveBack(): Promise<void> } | { allowed: false; retryAfterSeconds: number };

const WINDOW_MS = { day: DAY_MS, 'quarter-hour': 15 * 60_000, minute: 60_000 } as const;

/**
 * Counters of abuse limits in the database, so every instance on it shares them. A hit is one
 * atomic upsert that answers the window's count (SQLite and PostgreSQL alike): two instances
 * cannot both take the last allowed hit. Windows are fixed (a UTC day, a minute); their rows go
 * once the window is over. Keys are opaque: callers pass keyed hashes, never raw addresses.
 */
export function createAbuseLimiter(db: Kysely<Database>, now: () => number = Date.now) {
  return {
    async take(rule: string, key: string, limit: LimitRule): Promise<LimitTaken> {
      const time = now();
      const size = WINDOW_MS[limit.per];
      const windowStart = Math.floor(time / size) * size;
      const row = await db
        .insertInto('limit_counts')
        .values({ rule, key, window_start: windowStart, hits: 1, expires_at: windowStart + size })
        .onConflict((conflict) => conflict.columns(['rule', 'key', 'window_start']).doUpdateSet({ hits: sql<number>`limit_counts.hits + 1` }))
        .returning('hits')
        .executeTakeFirstOrThrow();
      if (Number(row.hits) > limit.max) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((windowStart + size - time) / 1000)) };
      return {
        allowed: true,
        async giveBack() {
          await db
            .updateTable('limit_counts')
            .set({ hits: sql<number>`hits - 1` })
            .where('rule', '=', rule)
            .where('key', '=', key)
            .where('window_start', '=', windowStart)
            .where('hits', '>', 0)
            .execute();
        },
      };
    },

    /** Forgets a key's hits of a limit (a sign-in that succeeded clears its failed attempts). */
    async forget(rule: string, key: string): Promise<void> {
      await db.deleteFrom('limit_counts').where('rule', '=', rule).where('key', '=', key).execute();
    },

    /** Deletes the counters of windows that are over. */
    async prune(): Promise<void> {
      await db.deleteFrom('limit_counts').where('expires_at', '<=', now()).execute();
    },
  };
}

export type AbuseLimiter = ReturnType<typeof createAbuseLimiter>;
