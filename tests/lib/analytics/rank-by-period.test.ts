import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../../src/lib/db/create-db.ts';
import { getAdvocateRanking } from '../../../src/lib/analytics/get-advocate-ranking.ts';
import { getLinkList, linkListQuerySchema } from '../../../src/lib/analytics/get-link-list.ts';
import { rankByPeriod, type Ranked } from '../../../src/lib/analytics/rank-by-period.ts';
import { createClickRecorder } from '../../../src/lib/referrals/clicks/create-click-recorder.ts';
import { createClickStore } from '../../../src/lib/referrals/clicks/create-click-store.ts';
import { forgetStory } from '../../../src/lib/referrals/forget-story.ts';
import { recordConversion } from '../../../src/lib/referrals/record-conversion.ts';
import { DAY_MS, utcDay } from '../../../src/lib/time/utc-day.ts';
import { migratedDatabases } from '../../helpers/migrated-db.ts';

const END = Date.parse('2026-11-30T12:00:00.000Z');
const STORIES = ['story-a', 'story-b', 'story-c'];
const LINKS = 1_200;

/** A small deterministic generator (the same data on every run and engine). */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

type Link = { code: string; story: string; advocate: string; oldHeavy: boolean };

describe.each(migratedDatabases)('rankByPeriod on $name', ({ open }) => {
  let handle: DbHandle;
  const links: Link[] = [];

  /**
   * 1,200 links over three stories and 600 advocates (two links each), clicks over 60 days:
   * most links get their clicks evenly, a tenth get nearly all of theirs in the first 30 days
   * (so a recent period's leaders are not the lifetime's), and many links tie.
   */
  beforeAll(async () => {
    handle = await open();
    const next = random(7);
    for (let i = 0; i < LINKS; i += 1) {
      links.push({ code: `L${String(i).padStart(5, '0')}`, story: STORIES[Math.floor(i / 400)]!, advocate: `adv${i % 600}`, oldHeavy: next() < 0.1 });
    }
    await handle.db.insertInto('advocates').values([...new Set(links.map((link) => link.advocate))].map((id) => ({ id, name: null, created_at: END - 61 * DAY_MS }))).execute();
    for (let i = 0; i < links.length; i += 500) {
      await handle.db
        .insertInto('share_links')
        .values(links.slice(i, i + 500).map((link) => ({ code: link.code, story_slug: link.story, channel: 'email', advocate_id: link.advocate, advocate_name: null, parent_code: null, generation: 1, created_at: END - 61 * DAY_MS, cycle_ms: null })))
        .execute();
    }
    const recorder = createClickRecorder(createClickStore(handle));
    const clicks: Promise<void>[] = [];
    for (const [index, link] of links.entries()) {
      const count = Math.floor(next() ** 3 * 40);
      for (let c = 0; c < count; c += 1) {
        const age = link.oldHeavy ? 30 + next() * 30 : next() * 60;
        clicks.push(recorder.record({ kind: 'click', code: link.code, storySlug: link.story, advocateId: link.advocate, channel: 'email', generation: 1, time: END - Math.floor(age * DAY_MS), visitor: `v${index}-${c % 5}`, device: 'mobile', referrerHost: null, country: null }));
      }
    }
    await Promise.all(clicks);
    await recorder.close();
    for (const link of links.filter((_, index) => index % 7 === 0)) {
      await recordConversion(handle.db, { goal: 'newsletter', code: link.code, time: END - Math.floor(next() * 60) * DAY_MS });
    }
  }, 120_000);
  afterAll(async () => {
    await handle.close();
  });

  /** The ranking the long way: every link_daily (or advocate_daily) row of the period, summed in JavaScript. */
  async function bruteForce(source: 'link' | 'advocate', column: 'clicks' | 'unique_visitors' | 'conversions', period: { from: string; to: string }, story?: string): Promise<Ranked[]> {
    const rows =
      source === 'link'
        ? (await handle.db.selectFrom('link_daily').select(['code as key', 'clicks', 'unique_visitors', 'conversions', 'day']).execute())
        : (await handle.db.selectFrom('advocate_daily').select(['advocate_id as key', 'clicks', 'unique_visitors', 'conversions', 'day']).execute());
    const storyOf = new Map(links.map((link) => [link.code, link.story]));
    const sums = new Map<string, number>();
    for (const row of rows) {
      if (row.day < period.from || row.day > period.to) continue;
      if (story && storyOf.get(row.key) !== story) continue;
      sums.set(row.key, (sums.get(row.key) ?? 0) + Number(row[column]));
    }
    return [...sums]
      .filter(([, total]) => total > 0)
      .map(([key, total]) => ({ key, total }))
      .sort((a, b) => b.total - a.total || (a.key < b.key ? -1 : 1));
  }

  const periods = {
    'the last 7 days': { from: utcDay(END - 6 * DAY_MS), to: utcDay(END) },
    'the last 30 days': { from: utcDay(END - 29 * DAY_MS), to: utcDay(END) },
    'all 61 days': { from: utcDay(END - 60 * DAY_MS), to: utcDay(END) },
    'a month ago (the old-heavy links lead)': { from: utcDay(END - 59 * DAY_MS), to: utcDay(END - 31 * DAY_MS) },
  };

  it.each(Object.entries(periods))('ranks links and advocates exactly as summing every row would, over %s', async (_name, period) => {
    for (const column of ['clicks', 'unique_visitors', 'conversions'] as const) {
      for (const story of [undefined, 'story-b']) {
        const expected = await bruteForce('link', column, period, story);
        for (const offset of [0, 25, 300]) {
          const within = story ? handle.db.selectFrom('share_links').select('code').where('story_slug', '=', story) : undefined;
          const ranked = await rankByPeriod(handle.db, { source: 'link', column, period, offset, limit: 25, within });
          expect(ranked, `${column} ${story ?? 'all'} +${offset}`).toEqual(expected.slice(offset, offset + 25));
        }
      }
    }
    const advocates = await bruteForce('advocate', 'clicks', period);
    expect(await rankByPeriod(handle.db, { source: 'advocate', column: 'clicks', period, offset: 0, limit: 50 })).toEqual(advocates.slice(0, 50));
  });

  it('gives up (undefined) when the lifetime leaders are not the period\'s and the walk would read too much', async () => {
    const period = periods['a month ago (the old-heavy links lead)'];
    expect(await rankByPeriod(handle.db, { source: 'link', column: 'clicks', period, offset: 300, limit: 25, maxCandidates: 500 })).toBeUndefined();
  });

  it('serves the dashboard lists: the link list and the advocates equal the long way', async () => {
    const period = periods['the last 30 days'];
    const list = await getLinkList(handle.db, period, linkListQuerySchema.parse({ sort: 'uniqueVisitors', story: 'story-c', page: '2' }), 50);
    expect(list.map((row) => ({ key: row.code, total: row.uniqueVisitors }))).toEqual((await bruteForce('link', 'unique_visitors', period, 'story-c')).slice(50, 100));
    const advocates = await getAdvocateRanking(handle.db, period, { limit: 20, offset: 20 });
    expect(advocates.map((row) => ({ key: row.advocateId, total: row.clicks }))).toEqual((await bruteForce('advocate', 'clicks', period)).slice(20, 40));
  });

  it('keeps lifetime totals equal to the sums of the daily rollups, also after a story is forgotten', async () => {
    const check = async () => {
      const linkDaily = await handle.db.selectFrom('link_daily').select(({ fn }) => ['code', fn.sum<number>('clicks').as('clicks'), fn.sum<number>('conversions').as('conversions')]).groupBy('code').execute();
      const linkTotals = await handle.db.selectFrom('link_totals').select(['code', 'clicks', 'conversions']).execute();
      const byCode = (rows: { code: string; clicks: unknown; conversions: unknown }[]) => Object.fromEntries(rows.map((row) => [row.code, [Number(row.clicks), Number(row.conversions)]]));
      expect(byCode(linkTotals)).toEqual(byCode(linkDaily));
      const advocateDaily = await handle.db.selectFrom('advocate_daily').select(({ fn }) => ['advocate_id as code', fn.sum<number>('clicks').as('clicks'), fn.sum<number>('conversions').as('conversions')]).groupBy('advocate_id').execute();
      const advocateTotals = await handle.db.selectFrom('advocate_totals').select(['advocate_id as code', 'clicks', 'conversions']).execute();
      expect(byCode(advocateTotals)).toEqual(byCode(advocateDaily));
    };
    await check();
    await forgetStory(handle.db, 'story-a');
    const left = await handle.db.selectFrom('link_totals').select('code').where('code', 'in', links.filter((link) => link.story === 'story-a').map((link) => link.code)).execute();
    expect(left).toEqual([]);
    await check();
  });
});
