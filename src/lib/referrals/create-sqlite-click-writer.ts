import type Database from 'better-sqlite3';
import { bump, segmentsOf, type TrafficEvent } from './traffic-events.ts';
import { utcDay } from '../time/utc-day.ts';

/** The SQLite half of the click store: one transaction per batch, prepared statements. */
export function createSqliteClickWriter(sqlite: Database.Database): (events: TrafficEvent[]) => void {
  const insertClick = sqlite.prepare(
    'insert into clicks (code, clicked_at, visitor, device, referrer_host, country) values (?, ?, ?, ?, ?, ?)',
  );
  const insertVisitorDay = sqlite.prepare('insert into visitor_days (code, day, visitor) values (?, ?, ?) on conflict do nothing');
  const upsertLinkDaily = sqlite.prepare(
    `insert into link_daily (code, day, clicks, unique_visitors) values (?, ?, ?, ?)
     on conflict (code, day) do update set clicks = clicks + excluded.clicks, unique_visitors = unique_visitors + excluded.unique_visitors`,
  );
  const upsertStoryDaily = sqlite.prepare(
    `insert into story_daily (story_slug, day, channel, generation, clicks, unique_visitors) values (?, ?, ?, ?, ?, ?)
     on conflict (story_slug, day, channel, generation) do update set clicks = clicks + excluded.clicks, unique_visitors = unique_visitors + excluded.unique_visitors`,
  );
  const upsertAdvocate = sqlite.prepare(
    `insert into advocate_daily (advocate_id, day, clicks, unique_visitors) values (?, ?, ?, ?)
     on conflict (advocate_id, day) do update set clicks = clicks + excluded.clicks, unique_visitors = unique_visitors + excluded.unique_visitors`,
  );
  const upsertSegment = sqlite.prepare(
    `insert into segment_daily (story_slug, day, dimension, value, clicks, unique_visitors) values (?, ?, ?, ?, ?, ?)
     on conflict (story_slug, day, dimension, value) do update set clicks = clicks + excluded.clicks, unique_visitors = unique_visitors + excluded.unique_visitors`,
  );
  const upsertExcluded = sqlite.prepare(
    `insert into excluded_daily (code, day, reason, hits) values (?, ?, ?, ?)
     on conflict (code, day, reason) do update set hits = hits + excluded.hits`,
  );
  const write = sqlite.transaction((events: TrafficEvent[]) => {
    const links = new Map<string, { code: string; day: string; n: number; u: number }>();
    const stories = new Map<string, { story: string; day: string; channel: string; generation: number; n: number; u: number }>();
    const excluded = new Map<string, { code: string; day: string; reason: string; n: number; u: number }>();
    const segments = new Map<string, { story: string; day: string; dimension: string; value: string; n: number; u: number }>();
    const advocates = new Map<string, { advocate: string; day: string; n: number; u: number }>();
    for (const event of events) {
      const day = utcDay(event.time);
      if (event.kind === 'excluded') {
        bump(excluded, `${event.code}|${day}|${event.reason}`, { code: event.code, day, reason: event.reason }, 1, 0);
        continue;
      }
      insertClick.run(event.code, event.time, event.visitor, event.device, event.referrerHost, event.country);
      const fresh = insertVisitorDay.run(event.code, day, event.visitor).changes;
      bump(links, `${event.code}|${day}`, { code: event.code, day }, 1, fresh);
      bump(
        stories,
        `${event.storySlug}|${day}|${event.channel}|${event.generation}`,
        { story: event.storySlug, day, channel: event.channel, generation: event.generation },
        1,
        fresh,
      );
      bump(advocates, `${event.advocateId}|${day}`, { advocate: event.advocateId, day }, 1, fresh);
      for (const [dimension, value] of segmentsOf(event)) {
        bump(segments, `${event.storySlug}|${day}|${dimension}|${value}`, { story: event.storySlug, day, dimension, value }, 1, fresh);
      }
    }
    for (const row of links.values()) upsertLinkDaily.run(row.code, row.day, row.n, row.u);
    for (const row of stories.values()) upsertStoryDaily.run(row.story, row.day, row.channel, row.generation, row.n, row.u);
    for (const row of advocates.values()) upsertAdvocate.run(row.advocate, row.day, row.n, row.u);
    for (const row of segments.values()) upsertSegment.run(row.story, row.day, row.dimension, row.value, row.n, row.u);
    for (const row of excluded.values()) upsertExcluded.run(row.code, row.day, row.reason, row.n);
  });
  // IMMEDIATE: take the write lock up front, waiting (busy_timeout) for the main connection.
  return (events) => write.immediate(events);
}
