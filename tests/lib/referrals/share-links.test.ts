import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getLinkStats } from '../../../src/lib/analytics/get-link-stats.ts';
import { getStoryStats } from '../../../src/lib/analytics/get-story-stats.ts';
import type { DbHandle } from '../../../src/lib/db/create-db.ts';
import { createClickRecorder } from '../../../src/lib/referrals/clicks/create-click-recorder.ts';
import { createClickStore } from '../../../src/lib/referrals/clicks/create-click-store.ts';
import { createShareLinkService, ShareError, type ShareInput } from '../../../src/lib/referrals/create-share-link.ts';
import { recordConversion } from '../../../src/lib/referrals/record-conversion.ts';
import { migratedDatabases } from '../../helpers/migrated-db.ts';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-11-02T09:00:00.000Z');

describe.each(migratedDatabases)('share links and stats on $name', ({ open }) => {
  let handle: DbHandle;
  let clock: number;
  let service: ReturnType<typeof createShareLinkService>;
  const share = (input: Partial<ShareInput> & { advocateId?: string }) =>
    service.share({
      storySlug: 'story-a',
      channel: 'x',
      name: null,
      advocateId: undefined,
      explicitParent: undefined,
      attributedParent: undefined,
      ...input,
    });

  beforeEach(async () => {
    handle = await open();
    clock = T0;
    service = createShareLinkService(handle.db, () => clock);
  });
  afterEach(async () => {
    await handle.close();
  });

  it('gives the same advocate the same link for the same story and channel, and a new one for another channel', async () => {
    const first = await share({ name: 'Ana' });
    expect(first.created).toBe(true);
    expect(first.link.code).toMatch(/^[0-9A-Za-z]{10}$/);
    const again = await share({ advocateId: first.advocateId });
    expect(again).toMatchObject({ created: false, link: { code: first.link.code, advocateName: 'Ana' } });
    const other = await share({ advocateId: first.advocateId, channel: 'whatsapp' });
    expect(other.created).toBe(true);
    expect(other.link.code).not.toBe(first.link.code);
  });

  it('returns one link when the same share is sent twice at once', async () => {
    const { advocateId } = await share({ channel: 'email' });
    const results = await Promise.all([share({ advocateId }), share({ advocateId })]);
    expect(results[0]!.link.code).toBe(results[1]!.link.code);
  });

  it('builds a chain of three generations with the right K-factor and cycle time', async () => {
    const root = await share({});
    clock += 2 * HOUR;
    const child1 = await share({ attributedParent: root.link.code });
    clock += 2 * HOUR;
    const child2 = await share({ attributedParent: root.link.code, channel: 'whatsapp' });
    clock += 6 * HOUR;
    const grandchild = await share({ attributedParent: child1.link.code, channel: 'email' });

    expect([root, child1, child2, grandchild].map((r) => r.link.generation)).toEqual([1, 2, 2, 3]);
    expect(grandchild.link.parentCode).toBe(child1.link.code);

    const stats = await getStoryStats(handle.db, 'story-a');
    expect(stats).toMatchObject({ shares: 4, reshares: 3, kFactor: 0.75 });
    // Children created 2 h, 4 h and 8 h after their parents: median 4 h.
    expect(stats.cycleTimeSeconds).toBe(4 * 3600);
    expect(stats.generations.map((g) => [g.generation, g.links])).toEqual([[1, 1], [2, 2], [3, 1]]);

    const fromChild = await getLinkStats(handle.db, child1.link.code);
    expect(fromChild).toMatchObject({ shares: 2, reshares: 1, kFactor: 0.5, cycleTimeSeconds: 8 * 3600 });
  });

  it('keeps an advocate in place when they reshare after clicking their own link', async () => {
    const root = await share({});
    const mine = await share({ attributedParent: root.link.code });
    const again = await share({ advocateId: mine.advocateId, channel: 'copy', attributedParent: mine.link.code });
    expect(again.link).toMatchObject({ parentCode: root.link.code, generation: 2 });
  });

  it('ignores an attribution cookie for another story but refuses an explicit wrong parent', async () => {
    const other = await share({ storySlug: 'story-b' });
    const quiet = await share({ attributedParent: other.link.code });
    expect(quiet.link).toMatchObject({ parentCode: null, generation: 1 });
    await expect(share({ channel: 'qr', explicitParent: other.link.code })).rejects.toThrow(ShareError);
    await expect(share({ channel: 'qr', explicitParent: 'NoSuchCode1' })).rejects.toThrow(/does not exist/);
  });

  it('refuses a wrong explicit parent when the advocate asks again for a link they have, as for a new one', async () => {
    const other = await share({ storySlug: 'story-b' });
    const mine = await share({ channel: 'email' });
    const again = { channel: 'email' as const, advocateId: mine.advocateId };
    await expect(share({ ...again, explicitParent: 'NoSuchCode1' })).rejects.toMatchObject({ code: 'unknown_parent' });
    await expect(share({ ...again, explicitParent: other.link.code })).rejects.toMatchObject({ code: 'parent_other_story' });
    expect(await share(again)).toMatchObject({ created: false, link: { code: mine.link.code, parentCode: null } });
  });

  it('counts clicks, unique visitors per link per day, conversions and excluded traffic in the rollups', async () => {
    const root = await share({});
    const recorder = createClickRecorder(createClickStore(handle));
    const click = (visitor: string, time = clock) =>
      recorder.record({ kind: 'click', code: root.link.code, storySlug: 'story-a', advocateId: root.advocateId, channel: 'x', generation: 1, time, visitor, device: 'mobile', referrerHost: null, country: null });
    await Promise.all([click('v1'), click('v1'), click('v2'), click('v1', clock + 24 * HOUR)]);
    await recorder.record({ kind: 'excluded', code: root.link.code, time: clock, reason: 'preview' });
    await recorder.record({ kind: 'excluded', code: root.link.code, time: clock, reason: 'head' });
    await recordConversion(handle.db, { goal: 'newsletter', code: root.link.code, time: clock });
    await recordConversion(handle.db, { goal: 'newsletter', code: undefined, time: clock });

    const stats = await getStoryStats(handle.db, 'story-a');
    // v1 twice on day 1 is one unique visitor; v1 again on day 2 is a new one.
    expect(stats).toMatchObject({ clicks: 4, uniqueVisitors: 3, conversions: 1, excluded: { preview: 1, head: 1, bot: 0 } });
    expect(stats.visitorsPerLink).toBe(3);

    const dayOne = await getStoryStats(handle.db, 'story-a', { from: '2026-11-02', to: '2026-11-02' });
    expect(dayOne).toMatchObject({ clicks: 3, uniqueVisitors: 2 });
    const raw = await handle.db.selectFrom('clicks').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(raw.n)).toBe(4);
    const unattributed = await handle.db.selectFrom('conversions').selectAll().where('code', 'is', null).execute();
    expect(unattributed).toHaveLength(1);
  });

  it('loses no click when many arrive at once (group commit, several batches)', async () => {
    const root = await share({});
    const recorder = createClickRecorder(createClickStore(handle));
    await Promise.all(
      Array.from({ length: 12_000 }, (_, i) =>
        recorder.record({ kind: 'click', code: root.link.code, storySlug: 'story-a', advocateId: root.advocateId, channel: 'x', generation: 1, time: clock, visitor: `v${i % 50}`, device: 'desktop', referrerHost: 'example.org', country: null }),
      ),
    );
    const stats = await getLinkStats(handle.db, root.link.code);
    expect(stats).toMatchObject({ clicks: 12_000, uniqueVisitors: 50 });
  });
  it('shares and conversions succeed while clicks are being committed (no "database is locked")', async () => {
    const root = await share({});
    const recorder = createClickRecorder(createClickStore(handle));
    // Clicks keep arriving (a batch commits on the writer thread every few milliseconds) while
    // share and conversion transactions read, then write, on the main connection.
    const clicks: Promise<void>[] = [];
    let clicking = true;
    const traffic = (async () => {
      // At most 5,000: unbounded, a generator faster than the commits queues more than the test's time drains.
      for (let i = 0; (clicking && i < 5_000) || i < 100; i += 1) {
        clicks.push(recorder.record({ kind: 'click', code: root.link.code, storySlug: 'story-a', advocateId: root.advocateId, channel: 'x', generation: 1, time: clock, visitor: `v${i}`, device: 'mobile', referrerHost: null, country: null }));
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    for (let i = 0; i < 100; i += 1) {
      if (i % 10 === 0) await share({ storySlug: 'story-b', channel: 'email', name: `Friend ${i}` });
      else await recordConversion(handle.db, { goal: 'newsletter', code: root.link.code, time: clock });
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    clicking = false;
    await traffic;
    await Promise.all(clicks);
    await recorder.close();
    const stats = await getLinkStats(handle.db, root.link.code);
    expect(stats).toMatchObject({ clicks: clicks.length, conversions: 90 });
    // It checks that nothing fails, not how fast: on a busy shared PostgreSQL it took 14 to 31 s.
  }, 90_000);
  it('keeps segment rollups (device, referrer host, country) that add up to the story totals', async () => {
    const root = await share({});
    const recorder = createClickRecorder(createClickStore(handle));
    const click = (visitor: string, device: string, referrerHost: string | null, country: string | null) =>
      recorder.record({ kind: 'click', code: root.link.code, storySlug: 'story-a', advocateId: root.advocateId, channel: 'x', generation: 1, time: clock, visitor, device, referrerHost, country });
    await Promise.all([
      click('v1', 'mobile', 't.co', 'GB'),
      click('v1', 'mobile', 't.co', 'GB'),
      click('v2', 'desktop', null, null),
      click('v3', 'mobile', 'l.facebook.com', 'DE'),
    ]);
    await recorder.close();
    const stats = await getStoryStats(handle.db, 'story-a');
    expect(stats.segments.device).toEqual([
      { value: 'mobile', clicks: 3, uniqueVisitors: 2 },
      { value: 'desktop', clicks: 1, uniqueVisitors: 1 },
    ]);
    expect(stats.segments.referrer).toEqual([
      { value: 't.co', clicks: 2, uniqueVisitors: 1 },
      { value: 'direct', clicks: 1, uniqueVisitors: 1 },
      { value: 'l.facebook.com', clicks: 1, uniqueVisitors: 1 },
    ]);
    for (const rows of Object.values(stats.segments)) {
      expect(rows.reduce((sum, row) => sum + row.clicks, 0)).toBe(stats.clicks);
      expect(rows.reduce((sum, row) => sum + row.uniqueVisitors, 0)).toBe(stats.uniqueVisitors);
    }
    const countries = await handle.db.selectFrom('clicks').select('country').orderBy('country').execute();
    expect(countries.map((row) => row.country)).toEqual(expect.arrayContaining(['GB', 'DE', null]));
  });
  it('keeps per-advocate daily totals equal to the sum of their links', async () => {
    const ana = await share({ name: 'Ana' });
    const anaOther = await share({ advocateId: ana.advocateId, storySlug: 'story-b' });
    const ben = await share({ attributedParent: ana.link.code });
    const recorder = createClickRecorder(createClickStore(handle));
    const click = (link: typeof ana, visitor: string, time = clock) =>
      recorder.record({ kind: 'click', code: link.link.code, storySlug: link.link.storySlug, advocateId: link.advocateId, channel: 'x', generation: link.link.generation, time, visitor, device: 'mobile', referrerHost: null, country: null });
    await Promise.all([click(ana, 'v1'), click(ana, 'v1'), click(anaOther, 'v2'), click(ben, 'v3'), click(ana, 'v1', clock + 24 * HOUR)]);
    await recorder.close();
    await recordConversion(handle.db, { goal: 'newsletter', code: anaOther.link.code, time: clock });

    const fromLinks = await handle.db
      .selectFrom('link_daily')
      .innerJoin('share_links', 'share_links.code', 'link_daily.code')
      .select((eb) => ['share_links.advocate_id as advocate', 'link_daily.day as day', eb.fn.sum<number>('link_daily.clicks').as('clicks'), eb.fn.sum<number>('link_daily.unique_visitors').as('u'), eb.fn.sum<number>('link_daily.conversions').as('c')])
      .groupBy(['share_links.advocate_id', 'link_daily.day'])
      .execute();
    const rollup = await handle.db.selectFrom('advocate_daily').selectAll().execute();
    const normal = (rows: { advocate: string; day: string; clicks: unknown; u: unknown; c: unknown }[]) =>
      rows.map((row) => `${row.advocate}|${row.day}|${Number(row.clicks)}|${Number(row.u)}|${Number(row.c)}`).sort();
    expect(normal(rollup.map((row) => ({ advocate: row.advocate_id, day: row.day, clicks: row.clicks, u: row.unique_visitors, c: row.conversions })))).toEqual(normal(fromLinks));
    const anaDay1 = rollup.find((row) => row.advocate_id === ana.advocateId && row.day === '2026-11-02')!;
    expect([Number(anaDay1.clicks), Number(anaDay1.unique_visitors), Number(anaDay1.conversions)]).toEqual([3, 2, 1]);
  });
});
