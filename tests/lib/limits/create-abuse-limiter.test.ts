import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../../src/lib/db/create-db.ts';
import { createAbuseLimiter } from '../../../src/lib/limits/create-abuse-limiter.ts';
import { migratedDatabases } from '../../helpers/migrated-db.ts';

const DAY = 86_400_000;
/** 2026-03-04 18:00 UTC: six hours before the day's window ends. */
const T0 = Date.parse('2026-03-04T18:00:00.000Z');

describe.each(migratedDatabases)('abuse limits kept in $name', ({ open }) => {
  let handle: DbHandle;
  let clock: number;
  beforeEach(async () => {
    handle = await open();
    clock = T0;
  });
  afterEach(async () => {
    await handle.close();
  });

  it('allows the limit in a day, refuses the next until the UTC day ends, and starts again the next day', async () => {
    const limiter = createAbuseLimiter(handle.db, () => clock);
    for (let i = 0; i < 3; i += 1) expect((await limiter.take('share-client', 'key-a', { max: 3, per: 'day' })).allowed).toBe(true);
    expect(await limiter.take('share-client', 'key-a', { max: 3, per: 'day' })).toEqual({ allowed: false, retryAfterSeconds: 6 * 3600 });
    expect((await limiter.take('share-client', 'key-b', { max: 3, per: 'day' })).allowed).toBe(true);
    expect((await limiter.take('share-advocate', 'key-a', { max: 3, per: 'day' })).allowed).toBe(true);
    clock += 6 * 3600_000;
    expect((await limiter.take('share-client', 'key-a', { max: 3, per: 'day' })).allowed).toBe(true);
  });

  it('counts a minute window to its end', async () => {
    const limiter = createAbuseLimiter(handle.db, () => clock);
    clock = T0 + 15_500;
    expect((await limiter.take('event-client', 'k', { max: 1, per: 'minute' })).allowed).toBe(true);
    expect(await limiter.take('event-client', 'k', { max: 1, per: 'minute' })).toEqual({ allowed: false, retryAfterSeconds: 45 });
    clock = T0 + 60_000;
    expect((await limiter.take('event-client', 'k', { max: 1, per: 'minute' })).allowed).toBe(true);
  });

  it('takes a hit back when the write did not happen', async () => {
    const limiter = createAbuseLimiter(handle.db, () => clock);
    const first = await limiter.take('share-client', 'k', { max: 1, per: 'day' });
    if (!first.allowed) throw new Error('the first hit must be allowed');
    await first.giveBack();
    expect((await limiter.take('share-client', 'k', { max: 1, per: 'day' })).allowed).toBe(true);
    expect((await limiter.take('share-client', 'k', { max: 1, per: 'day' })).allowed).toBe(false);
  });

  it('lets exactly the limit through when many hits race (on PostgreSQL over several pooled connections)', async () => {
    const limiters = [createAbuseLimiter(handle.db, () => clock), createAbuseLimiter(handle.db, () => clock)];
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => limiters[i % 2]!.take('share-client', 'race', { max: 7, per: 'day' })));
    expect(results.filter((result) => result.allowed)).toHaveLength(7);
  });

  it('counts a quarter-hour window, and forgets a key when told (a sign-in that succeeded)', async () => {
    const limiter = createAbuseLimiter(handle.db, () => clock);
    const rule = { max: 2, per: 'quarter-hour' } as const;
    clock = T0 + 5 * 60_000;
    expect((await limiter.take('sign-in-client', 'k', rule)).allowed).toBe(true);
    expect((await limiter.take('sign-in-client', 'k', rule)).allowed).toBe(true);
    expect(await limiter.take('sign-in-client', 'k', rule)).toEqual({ allowed: false, retryAfterSeconds: 600 });
    await limiter.forget('sign-in-client', 'k');
    expect((await limiter.take('sign-in-client', 'k', rule)).allowed).toBe(true);
  });

  it('prunes the counters of windows that are over, and keeps the current ones', async () => {
    const limiter = createAbuseLimiter(handle.db, () => clock);
    await limiter.take('share-client', 'old', { max: 5, per: 'day' });
    clock += DAY;
    await limiter.take('share-client', 'new', { max: 5, per: 'day' });
    await limiter.prune();
    const keys = await handle.db.selectFrom('limit_counts').select('key').execute();
    expect(keys).toEqual([{ key: 'new' }]);
  });
});
