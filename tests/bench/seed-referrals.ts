import { randomBytes } from 'node:crypto';
import type { DbHandle } from '../../src/lib/db/create-db.ts';
import { generateCode } from '../../src/lib/referrals/generate-code.ts';
import { channels as allChannels } from '../../src/lib/referrals/channels.ts';
import { createPostgresClickStore } from '../../src/lib/referrals/clicks/create-postgres-click-store.ts';
import { createSqliteClickWriter } from '../../src/lib/referrals/clicks/create-sqlite-click-writer.ts';
import type { TrafficEvent } from '../../src/lib/referrals/clicks/traffic-event.ts';
import { createRandom } from '../../src/lib/simulation/create-random.ts';
import { DAY_MS, utcDay } from '../../src/lib/time/utc-day.ts';

export type SeededLink = { code: string; story: string; channel: string; generation: number; parent: string | null; advocate: string; createdAt: number };
export type Seeded = { links: SeededLink[]; clicks: number };

const ROWS_PER_STATEMENT = 2_000;

/** Inserts rows in multi-row statements (both engines), a few thousand at a time. */
async function insertRows(handle: DbHandle, table: 'advocates' | 'share_links' | 'story_daily', rows: Record<string, unknown>[]) {
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    await handle.db.insertInto(table).values(rows.slice(i, i + ROWS_PER_STATEMENT) as never).execute();
  }
}

/**
 * The share links a growth loop makes (six in ten reshare a recent link of the same story, so
 * chains grow deep), with what the share service would store for them: one new advocate each,
 * generation, parent, cycle time, and the story rollup's shares and reshares per day.
 */
async function seedLinks(handle: DbHandle, options: { stories: string[]; links: number; start: number; end: number; random: ReturnType<typeof createRandom>; onProgress?: (line: string) => void }) {
  const { random, start, end } = options;
  const channels = allChannels.filter((channel) => channel !== 'other');
  const links: SeededLink[] = [];
  const byStory = new Map<string, SeededLink[]>();
  const daily = new Map<string, { story_slug: string; day: string; channel: string; generation: number; shares: number; reshares: number }>();
  const rows: Record<string, unknown>[] = [];
  const advocates: Record<string, unknown>[] = [];
  for (let i = 0; i < options.links; i += 1) {
    const createdAt = start + Math.floor((i / options.links) * (end - start));
    const story = options.stories[Math.floor(random.next() ** 1.5 * options.stories.length)]!;
    const earlier = byStory.get(story) ?? [];
    const parent = earlier.length > 0 && random.next() < 0.6 ? earlier[Math.max(0, earlier.length - 1 - Math.floor(random.next() * 50))] : undefined;
    const link: SeededLink = {
      code: generateCode(),
      story,
      channel: random.pick(channels),
      generation: parent ? parent.generation + 1 : 1,
      parent: parent?.code ?? null,
      advocate: randomBytes(16).toString('base64url'),
      createdAt,
    };
    const name = random.next() < 0.5 ? `Advocate ${i}` : null;
    links.push(link);
    earlier.push(link);
    byStory.set(story, earlier);
    advocates.push({ id: link.advocate, name, created_at: createdAt });
    rows.push({
      code: link.code,
      story_slug: story,
      channel: link.channel,
      advocate_id: link.advocate,
      advocate_name: name,
      parent_code: link.parent,
      generation: link.generation,
      created_at: createdAt,
      cycle_ms: parent ? createdAt - parent.createdAt : null,
    });
    const key = `${story}|${utcDay(createdAt)}|${link.channel}|${link.generation}`;
    const cell = daily.get(key) ?? { story_slug: story, day: utcDay(createdAt), channel: link.channel, generation: link.generation, shares: 0, reshares: 0 };
    cell.shares += 1;
    cell.reshares += parent ? 1 : 0;
    daily.set(key, cell);
  }
  await insertRows(handle, 'advocates', advocates);
  await insertRows(handle, 'share_links', rows);
  await insertRows(handle, 'story_daily', [...daily.values()]);
  options.onProgress?.(`${options.links} links`);
  return links;
}

/**
 * Fills a migrated database (SQLite or PostgreSQL) as the hub would have: share links in bulk
 * with everything the share service stores, then clicks through the hub's own click writer of
 * that engine (raw clicks, unique visitors, every rollup), in large batches. Times spread over
 * the `days` before `end`; popular links get most clicks (a power law over the link list).
 */
export async function seedReferrals(
  handle: DbHandle,
  options: { stories: string[]; links: number; clicks: number; days?: number; seed?: number; end?: number; onProgress?: (line: string) => void },
): Promise<Seeded> {
  const random = createRandom(options.seed ?? 1);
  const end = options.end ?? Date.now();
  const start = end - (options.days ?? 30) * DAY_MS;
  handle.sqlite?.pragma('synchronous = OFF');
  const links = await seedLinks(handle, { ...options, start, end, random });

  const write = handle.sqlite ? createSqliteClickWriter(handle.sqlite) : createPostgresClickStore(handle.db).writeBatch;
  const devices = ['mobile', 'mobile', 'mobile', 'desktop', 'tablet'];
  const hosts = [null, null, 't.co', 'l.facebook.com', 'www.linkedin.com', 'web.whatsapp.com'];
  const countries = [null, 'GB', 'GB', 'DE', 'ES', 'FI', 'US', 'FR'];
  const batch = 20_000;
  for (let done = 0; done < options.clicks; done += batch) {
    const events: TrafficEvent[] = [];
    for (let j = 0; j < Math.min(batch, options.clicks - done); j += 1) {
      const link = links[Math.floor(random.next() ** 3 * links.length)]!;
      const time = start + Math.floor(((done + j) / options.clicks) * (end - start));
      events.push(
        random.next() < 0.04
          ? { kind: 'excluded', code: link.code, time, reason: random.pick(['bot', 'preview', 'head'] as const) }
          : {
              kind: 'click',
              code: link.code,
              storySlug: link.story,
              advocateId: link.advocate,
              channel: link.channel,
              generation: link.generation,
              time,
              visitor: `v${Math.floor(random.next() * 400_000)}`,
              device: random.pick(devices),
              referrerHost: random.pick(hosts),
              country: random.pick(countries),
            },
      );
    }
    await write(events);
    if ((done / batch) % 25 === 24) options.onProgress?.(`${done + batch} clicks`);
  }
  handle.sqlite?.pragma('synchronous = FULL');
  return { links, clicks: options.clicks };
}
