import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../../src/lib/db/create-db.ts';
import { createMigrator, migrateToLatest } from '../../../src/lib/db/migrate-to-latest.ts';
import { getAdvocateRanking } from '../../../src/lib/analytics/get-advocate-ranking.ts';
import { getLinkList, linkListQuerySchema } from '../../../src/lib/analytics/get-link-list.ts';
import { getOverview } from '../../../src/lib/analytics/get-overview.ts';
import { getPassAlongTree } from '../../../src/lib/analytics/get-pass-along-tree.ts';
import { getStoryStats } from '../../../src/lib/analytics/get-story-stats.ts';
import { createClickRecorder } from '../../../src/lib/referrals/clicks/create-click-recorder.ts';
import { createClickStore } from '../../../src/lib/referrals/clicks/create-click-store.ts';
import { createShareLinkService } from '../../../src/lib/referrals/create-share-link.ts';
import type { Channel } from '../../../src/lib/referrals/channels.ts';
import { DAY_MS as DAY } from '../../../src/lib/time/utc-day.ts';
import { migratedDatabases } from '../../helpers/migrated-db.ts';
import { testDatabases } from '../../helpers/test-databases.ts';

const T0 = Date.parse('2026-11-10T09:00:00.000Z');
const period = { from: '2026-11-10', to: '2026-11-12' };
const stories = [
  { slug: 'story-a', title: 'A', cause: 'repair', intent: 'learn' },
  { slug: 'story-b', title: 'B', cause: 'repair', intent: 'buy' },
  { slug: 'story-c', title: 'C', cause: 'outdoors', intent: 'do' },
];

describe.each(migratedDatabases)('dashboard reads on $name', ({ open }) => {
  let handle: DbHandle;
  beforeEach(async () => {
    handle = await open();
  });
  afterEach(async () => {
    await handle.close();
  });

  /**
   * Three stories over three days: Ana shares A, Ben reshares it an hour later and Cleo two hours
   * after Ben; Dan shares B on day 2; Eve shares C on day 3. Clicks spread over the days.
   */
  async function seed() {
    let clock = T0;
    const service = createShareLinkService(handle.db, () => clock);
    const share = async (at: number, storySlug: string, channel: Channel, name: string, parent?: string) => {
      clock = at;
      return service.share({ storySlug, channel, name, advocateId: undefined, explicitParent: parent, attributedParent: undefined });
    };
    const ana = await share(T0, 'story-a', 'whatsapp', 'Ana');
    const ben = await share(T0 + 3_600_000, 'story-a', 'email', 'Ben', ana.link.code);
    const cleo = await share(T0 + 3 * 3_600_000, 'story-a', 'whatsapp', 'Cleo', ben.link.code);
    const dan = await share(T0 + DAY, 'story-b', 'x', 'Dan');
    const eve = await share(T0 + 2 * DAY, 'story-c', 'copy', 'Eve');

    const recorder = createClickRecorder(createClickStore(handle));
    const click = (link: typeof ana, at: number, visitor: string) =>
      recorder.record({ kind: 'click', code: link.link.code, storySlug: link.link.storySlug, advocateId: link.advocateId, channel: link.link.channel, generation: link.link.generation, time: at, visitor, device: 'mobile', referrerHost: null, country: null });
    await Promise.all([
      ...[1, 2, 3, 4, 5].map((i) => click(ana, T0 + 60_000, `a${i}`)),
      click(ana, T0 + DAY, 'a1'),
      click(ben, T0 + DAY, 'b1'),
      click(ben, T0 + DAY, 'b1'),
      click(dan, T0 + DAY + 60_000, 'd1'),
      click(dan, T0 + 2 * DAY, 'd2'),
      click(eve, T0 + 2 * DAY, 'e1'),
      // Outside the period: not counted.
      click(eve, T0 + 5 * DAY, 'e2'),
      recorder.record({ kind: 'excluded', code: ana.link.code, time: T0, reason: 'preview' }),
      recorder.record({ kind: 'excluded', code: dan.link.code, time: T0 + DAY, reason: 'bot' }),
    ]);
    await recorder.close();
    return { ana, ben, cleo, dan, eve };
  }

  it('sums the whole hub per day, story, channel, cause and intent, equal to the story stats', async () => {
    await seed();
    const overview = await getOverview(handle.db, period, stories);
    expect(overview).toMatchObject({ shares: 5, reshares: 2, clicks: 11, uniqueVisitors: 10, conversions: 0, excluded: { bot: 1, preview: 1, head: 0 } });
    // Ben an hour after Ana, Cleo two hours after Ben: the median of 3600 and 7200 seconds.
    expect(overview.cycleTimeSeconds).toBe(5400);
    expect(overview.kFactor).toBe(0.4);
    expect(overview.days.map((day) => [day.day, day.shares, day.clicks, day.uniqueVisitors, day.cycleTimeSeconds, day.bot + day.preview])).toEqual([
      ['2026-11-10', 3, 5, 5, 5400, 1],
      ['2026-11-11', 1, 4, 3, null, 1],
      ['2026-11-12', 1, 2, 2, null, 0],
    ]);
    expect(overview.stories.map((row) => [row.story, row.shares, row.clicks])).toEqual([['story-a', 3, 8], ['story-b', 1, 2], ['story-c', 1, 1]]);
    expect(overview.causes.map((row) => [row.cause, row.shares, row.clicks])).toEqual([['repair', 4, 10], ['outdoors', 1, 1]]);
    expect(overview.intents.map((row) => row.intent)).toEqual(['learn', 'buy', 'do']);
    expect(overview.channels.map((row) => [row.channel, row.clicks])).toEqual([['whatsapp', 6], ['email', 2], ['x', 2], ['copy', 1]]);
    expect(overview.generations.map((row) => [row.generation, row.links, row.clicks])).toEqual([[1, 3, 9], [2, 1, 2], [3, 1, 0]]);

    for (const story of stories) {
      const stats = await getStoryStats(handle.db, story.slug, period);
      const row = overview.stories.find((candidate) => candidate.story === story.slug)!;
      expect([row.shares, row.clicks, row.uniqueVisitors, row.conversions, row.reshares]).toEqual([stats.shares, stats.clicks, stats.uniqueVisitors, stats.conversions, stats.reshares]);
    }
  });

  it('ranks advocates by clicks in the period, with the reshares others made of their links', async () => {
    const { ana, ben } = await seed();
    const ranking = await getAdvocateRanking(handle.db, period, { limit: 10 });
    expect(ranking[0]).toEqual({ advocateId: ana.advocateId, name: 'Ana', shares: 1, reshares: 1, clicks: 6, uniqueVisitors: 6, conversions: 0 });
    expect(ranking.map((row) => row.clicks)).toEqual([6, 2, 2, 1]);
    expect(ranking.find((row) => row.advocateId === ben.advocateId)).toMatchObject({ name: 'Ben', reshares: 1, uniqueVisitors: 1 });
    const pages = [...(await getAdvocateRanking(handle.db, period, { limit: 2 })), ...(await getAdvocateRanking(handle.db, period, { limit: 2, offset: 2 }))];
    expect(pages).toEqual(ranking);
    expect(await getAdvocateRanking(handle.db, { from: '2026-01-01', to: '2026-01-02' }, { limit: 5 })).toEqual([]);
  });

  it('lists links by clicks, most first, ties in a stable order', async () => {
    const { ana, eve } = await seed();
    const rows = await getLinkList(handle.db, period, linkListQuerySchema.parse({ sort: 'clicks' }), 10);
    expect(rows.map((row) => row.clicks)).toEqual([6, 2, 2, 1]);
    expect([rows[0]!.code, rows[3]!.code]).toEqual([ana.link.code, eve.link.code]);
    const again = await getLinkList(handle.db, period, linkListQuerySchema.parse({ sort: 'clicks' }), 10);
    expect(again.map((row) => row.code)).toEqual(rows.map((row) => row.code));
  });

  it.each([
    [{}, ['eve', 'dan', 'cleo', 'ben', 'ana']],
    [{ sort: 'clicks', channel: 'email' }, ['ben']],
    [{ sort: 'clicks', story: 'story-a' }, ['ana', 'ben']],
    [{ reshares: '1' }, ['cleo', 'ben']],
    [{ channel: 'whatsapp', sort: 'uniqueVisitors' }, ['ana']],
  ])('lists the links behind a number: %j', async (query, names) => {
    const links = await seed();
    const rows = await getLinkList(handle.db, period, linkListQuerySchema.parse(query), 10);
    const nameOf = new Map(Object.entries(links).map(([name, link]) => [link.link.code, name]));
    expect(rows.map((row) => nameOf.get(row.code))).toEqual(names);
  });

  it('pages the link list and limits it to the stories of a cause', async () => {
    await seed();
    const query = linkListQuerySchema.parse({ sort: 'created' });
    const first = await getLinkList(handle.db, period, query, 2);
    const second = await getLinkList(handle.db, period, { ...query, page: 2 }, 2);
    expect([...first, ...second].map((row) => row.code)).toHaveLength(4);
    expect(new Set([...first, ...second].map((row) => row.code)).size).toBe(4);
    const ofCause = await getLinkList(handle.db, period, query, 10, ['story-c']);
    expect(ofCause.map((row) => row.story)).toEqual(['story-c']);
    expect(await getLinkList(handle.db, period, query, 10, [])).toEqual([]);
  });

  it('gives the pass-along tree of a story with each link clicks in the period', async () => {
    const { ana, ben, cleo } = await seed();
    const tree = await getPassAlongTree(handle.db, 'story-a', period);
    expect(tree.map((link) => [link.code, link.parentCode, link.clicks])).toEqual([
      [ana.link.code, null, 6],
      [ben.link.code, ana.link.code, 2],
      [cleo.link.code, ben.link.code, 0],
    ]);
  });
});

describe.each(testDatabases)('migration 0009 on $name', ({ open }) => {
  it('gives links made before it their cycle time', async () => {
    const handle = await open();
    try {
      const migrator = await createMigrator(handle.db);
      const { error } = await migrator.migrateTo('0008-win-ids');
      expect(error).toBeUndefined();
      await sql`insert into advocates (id, name, created_at) values ('adv1', null, ${T0})`.execute(handle.db);
      await sql`insert into share_links (code, story_slug, channel, advocate_id, advocate_name, parent_code, generation, created_at)
        values ('root0001', 'story-a', 'x', 'adv1', null, null, 1, ${T0}),
               ('kid00001', 'story-a', 'email', 'adv1', null, 'root0001', 2, ${T0 + 90_000})`.execute(handle.db);
      await migrateToLatest(handle.db);
      const rows = await handle.db.selectFrom('share_links').select(['code', 'cycle_ms']).orderBy('code').execute();
      expect(rows.map((row) => [row.code, row.cycle_ms === null ? null : Number(row.cycle_ms)])).toEqual([['kid00001', 90_000], ['root0001', null]]);
    } finally {
      await handle.close();
    }
  });
});
