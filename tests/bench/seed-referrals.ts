import type { DbHandle } from '../../src/lib/db/create-db.ts';
import { createShareLinkService } from '../../src/lib/referrals/create-share-link.ts';
import { createSqliteClickWriter } from '../../src/lib/referrals/clicks/create-sqlite-click-writer.ts';
import { channels as allChannels } from '../../src/lib/referrals/channels.ts';
import type { TrafficEvent } from '../../src/lib/referrals/clicks/traffic-event.ts';
import { createRandom } from '../../src/lib/simulation/create-random.ts';
import { DAY_MS } from '../../src/lib/time/utc-day.ts';

export type Seeded = { links: { code: string; story: string; channel: string; generation: number; parent: string | null; advocate: string }[]; clicks: number };

/**
 * Fills a migrated SQLite database through the hub's own write paths: share links through the
 * share service (advocates, parents, generations, story rollups), clicks through the click
 * writer in batches (raw clicks, unique visitors, link and story rollups). Times spread over
 * the `days` before `end`.
 */
export async function seedReferrals(
  handle: DbHandle,
  options: { stories: string[]; links: number; clicks: number; days?: number; seed?: number; end?: number; onProgress?: (line: string) => void },
): Promise<Seeded> {
  if (!handle.sqlite) throw new Error('seedReferrals writes through the SQLite click writer');
  const random = createRandom(options.seed ?? 1);
  const days = options.days ?? 30;
  const end = options.end ?? Date.now();
  const start = end - days * DAY_MS;
  handle.sqlite.pragma('synchronous = OFF');

  let clock = start;
  const shares = createShareLinkService(handle.db, () => clock);
  const links: Seeded['links'] = [];
  const byStory = new Map<string, Seeded['links']>();
  const channels = allChannels.filter((channel) => channel !== 'other');
  for (let i = 0; i < options.links; i += 1) {
    clock = start + Math.floor((i / options.links) * (end - start));
    const story = options.stories[Math.floor(random.next() ** 1.5 * options.stories.length)]!;
    const earlier = byStory.get(story) ?? [];
    // Six in ten shares are reshares of a recent link of the same story: chains grow deep.
    const parent = earlier.length > 0 && random.next() < 0.6 ? earlier[Math.max(0, earlier.length - 1 - Math.floor(random.next() * 50))] : undefined;
    const { link } = await shares.share({
      storySlug: story,
      channel: random.pick(channels),
      name: random.next() < 0.5 ? `Advocate ${i}` : null,
      advocateId: undefined,
      explicitParent: parent?.code,
      attributedParent: undefined,
    });
    const entry = { code: link.code, story, channel: link.channel, generation: link.generation, parent: link.parentCode, advocate: link.advocateId };
    links.push(entry);
    earlier.push(entry);
    byStory.set(story, earlier);
    if (i % 10_000 === 9_999) options.onProgress?.(`${i + 1} links`);
  }

  const write = createSqliteClickWriter(handle.sqlite);
  const devices = ['mobile', 'mobile', 'mobile', 'desktop', 'tablet'];
  const hosts = [null, null, 't.co', 'l.facebook.com', 'www.linkedin.com', 'web.whatsapp.com'];
  const countries = [null, 'GB', 'GB', 'DE', 'ES', 'FI', 'US', 'FR'];
  const batch = 5_000;
  for (let done = 0; done < options.clicks; done += batch) {
    const events: TrafficEvent[] = [];
    for (let j = 0; j < Math.min(batch, options.clicks - done); j += 1) {
      const n = done + j;
      // Popular links get most clicks (a power law over the link list).
      const link = links[Math.floor(random.next() ** 3 * links.length)]!;
      const time = start + Math.floor((n / options.clicks) * (end - start));
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
    write(events);
    if ((done / batch) % 40 === 39) options.onProgress?.(`${done + batch} clicks`);
  }
  handle.sqlite.pragma('synchronous = FULL');
  return { links, clicks: options.clicks };
}
