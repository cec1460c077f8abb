import { sql } from 'kysely';
import type { DbHandle } from '../db/create-db.ts';
import { createSqliteClickWriterThread } from './sqlite-click-writer-thread.ts';
import { bump, segmentsOf, type ClickEvent, type ExcludedEvent, type TrafficEvent } from './traffic-events.ts';
import { utcDay } from '../time/utc-day.ts';

/**
 * Writes a batch of referral traffic in ONE transaction: raw clicks, the unique-visitor set, and
 * the rollups (link_daily, story_daily, excluded_daily) the stats read. SQLite writes in a worker
 * thread with prepared statements (the fsync of each commit then never blocks the HTTP thread);
 * PostgreSQL uses multi-row statements.
 */
export function createClickStore(handle: DbHandle) {
  if (handle.sqliteFile) {
    const writer = createSqliteClickWriterThread(handle.sqliteFile);
    // The writer thread applies batches one after another, so several may be queued safely.
    return { maxInFlight: 4, maxBatch: 5_000, writeBatch: (events: TrafficEvent[]) => writer.write(events), close: () => writer.close() };
  }

  const db = handle.db;
  return {
    // One transaction at a time: concurrent upserts of the same rollup rows could deadlock.
    maxInFlight: 1,
    // Multi-row statements: 2,000 rows keep every statement far below PostgreSQL's 65,535
    // bind parameters.
    maxBatch: 2_000,
    async writeBatch(events: TrafficEvent[]) {
      const clicks = events.filter((event): event is ClickEvent => event.kind === 'click');
      const excludedEvents = events.filter((event): event is ExcludedEvent => event.kind === 'excluded');
      await db.transaction().execute(async (trx) => {
        const fresh = new Set<string>();
        if (clicks.length > 0) {
          await trx
            .insertInto('clicks')
            .values(clicks.map((c) => ({ code: c.code, clicked_at: c.time, visitor: c.visitor, device: c.device, referrer_host: c.referrerHost, country: c.country })))
            .execute();
          const inserted = await trx
            .insertInto('visitor_days')
            .values(clicks.map((c) => ({ code: c.code, day: utcDay(c.time), visitor: c.visitor })))
            .onConflict((conflict) => conflict.doNothing())
            .returning(['code', 'day', 'visitor'])
            .execute();
          for (const row of inserted) fresh.add(`${row.code}|${row.day}|${row.visitor}`);
        }
        const links = new Map<string, { code: string; day: string; n: number; u: number }>();
        const stories = new Map<string, { story: string; day: string; channel: string; generation: number; n: number; u: number }>();
        const segments = new Map<string, { story: string; day: string; dimension: string; value: string; n: number; u: number }>();
        const advocates = new Map<string, { advocate: string; day: string; n: number; u: number }>();
        for (const click of clicks) {
          const day = utcDay(click.time);
          const visitorKey = `${click.code}|${day}|${click.visitor}`;
          const isNew = fresh.delete(visitorKey) ? 1 : 0;
          bump(links, `${click.code}|${day}`, { code: click.code, day }, 1, isNew);
          bump(stories, `${click.storySlug}|${day}|${click.channel}|${click.generation}`, { story: click.storySlug, day, channel: click.channel, generation: click.generation }, 1, isNew);
          bump(advocates, `${click.advocateId}|${day}`, { advocate: click.advocateId, day }, 1, isNew);
          for (const [dimension, value] of segmentsOf(click)) {
            bump(segments, `${click.storySlug}|${day}|${dimension}|${value}`, { story: click.storySlug, day, dimension, value }, 1, isNew);
          }
        }
        if (links.size > 0) {
          await trx
            .insertInto('link_daily')
            .values([...links.values()].map((r) => ({ code: r.code, day: r.day, clicks: r.n, unique_visitors: r.u })))
            .onConflict((conflict) =>
              conflict.columns(['code', 'day']).doUpdateSet({
                clicks: sql`link_daily.clicks + excluded.clicks`,
                unique_visitors: sql`link_daily.unique_visitors + excluded.unique_visitors`,
              }),
            )
            .execute();
          await trx
            .insertInto('story_daily')
            .values([...stories.values()].map((r) => ({ story_slug: r.story, day: r.day, channel: r.channel, generation: r.generation, clicks: r.n, unique_visitors: r.u })))
            .onConflict((conflict) =>
              conflict.columns(['story_slug', 'day', 'channel', 'generation']).doUpdateSet({
                clicks: sql`story_daily.clicks + excluded.clicks`,
                unique_visitors: sql`story_daily.unique_visitors + excluded.unique_visitors`,
              }),
            )
            .execute();
          await trx
            .insertInto('advocate_daily')
            .values([...advocates.values()].map((r) => ({ advocate_id: r.advocate, day: r.day, clicks: r.n, unique_visitors: r.u })))
            .onConflict((conflict) =>
              conflict.columns(['advocate_id', 'day']).doUpdateSet({
                clicks: sql`advocate_daily.clicks + excluded.clicks`,
                unique_visitors: sql`advocate_daily.unique_visitors + excluded.unique_visitors`,
              }),
            )
            .execute();
          await trx
            .insertInto('segment_daily')
            .values([...segments.values()].map((r) => ({ story_slug: r.story, day: r.day, dimension: r.dimension, value: r.value, clicks: r.n, unique_visitors: r.u })))
            .onConflict((conflict) =>
              conflict.columns(['story_slug', 'day', 'dimension', 'value']).doUpdateSet({
                clicks: sql`segment_daily.clicks + excluded.clicks`,
                unique_visitors: sql`segment_daily.unique_visitors + excluded.unique_visitors`,
              }),
            )
            .execute();
        }
        const excluded = new Map<string, { code: string; day: string; reason: string; n: number; u: number }>();
        for (const event of excludedEvents) {
          const day = utcDay(event.time);
          bump(excluded, `${event.code}|${day}|${event.reason}`, { code: event.code, day, reason: event.reason }, 1, 0);
        }
        if (excluded.size > 0) {
          await trx
            .insertInto('excluded_daily')
            .values([...excluded.values()].map((r) => ({ code: r.code, day: r.day, reason: r.reason, hits: r.n })))
            .onConflict((conflict) =>
              conflict.columns(['code', 'day', 'reason']).doUpdateSet({ hits: sql`excluded_daily.hits + excluded.hits` }),
            )
            .execute();
        }
      });
    },
    close: async () => undefined,
  };
}

export type ClickStore = ReturnType<typeof createClickStore>;
