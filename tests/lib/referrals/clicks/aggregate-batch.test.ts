import { describe, expect, it } from 'vitest';
import { aggregateBatch, readerDaysOf, visitorDaysOf, type BatchRows, type ReaderNews } from '../../../../src/lib/referrals/clicks/aggregate-batch.ts';
import type { ClickEvent, ExcludedEvent, PageEvent, RecordedEvent, TrafficEvent } from '../../../../src/lib/referrals/clicks/traffic-event.ts';

const T0 = Date.parse('2026-11-10T09:00:00.000Z');
const NEXT_DAY = Date.parse('2026-11-11T00:00:00.000Z');

const click = (overrides: Partial<ClickEvent> = {}): ClickEvent => ({
  kind: 'click',
  code: 'abc123',
  storySlug: 'story-a',
  advocateId: 'adv-1',
  channel: 'whatsapp',
  generation: 1,
  time: T0,
  visitor: 'v1',
  device: 'mobile',
  referrerHost: null,
  country: null,
  ...overrides,
});
const excluded = (reason: ExcludedEvent['reason'], overrides: Partial<ExcludedEvent> = {}): ExcludedEvent => ({ kind: 'excluded', code: 'abc123', time: T0, reason, ...overrides });

type Rollups = Omit<BatchRows, 'clicks'>;
const noRollups: Rollups = { link_daily: [], story_daily: [], advocate_daily: [], segment_daily: [], excluded_daily: [], link_totals: [], advocate_totals: [], page_daily: [], source_daily: [], page_excluded_daily: [] };

/** The rollup rows of clicks like click() on one day: `clicks` of them, `uniqueVisitors` new. */
function rollupsOf(clicks: number, uniqueVisitors: number, day = '2026-11-10'): Rollups {
  const counts = { clicks, unique_visitors: uniqueVisitors };
  return {
    link_daily: [{ code: 'abc123', day, ...counts }],
    story_daily: [{ story_slug: 'story-a', day, channel: 'whatsapp', generation: 1, ...counts }],
    advocate_daily: [{ advocate_id: 'adv-1', day, ...counts }],
    segment_daily: [
      ['device', 'mobile'],
      ['referrer', 'direct'],
      ['country', 'unknown'],
    ].map(([dimension, value]) => ({ story_slug: 'story-a', day, dimension: dimension!, value: value!, ...counts })),
    excluded_daily: [],
    link_totals: [{ code: 'abc123', clicks }],
    advocate_totals: [{ advocate_id: 'adv-1', clicks }],
    page_daily: [],
    source_daily: [],
    page_excluded_daily: [],
  };
}

/** The rows of both, table by table. */
function both(a: Rollups, b: Rollups): Rollups {
  const tables = Object.keys(a) as (keyof Rollups)[];
  return Object.fromEntries(tables.map((table) => [table, [...a[table], ...b[table]]])) as Rollups;
}

describe('aggregateBatch', () => {
  it.each<[string, TrafficEvent[], boolean[], Rollups]>([
    ['an empty batch writes nothing', [], [], noRollups],
    ['one new visitor counts one click and one unique visitor in every rollup', [click()], [true], rollupsOf(1, 1)],
    ['a visitor seen before that day counts a click but no unique visitor', [click()], [false], rollupsOf(1, 0)],
    [
      'clicks on one link and day sum into one row per rollup',
      [click(), click({ visitor: 'v2', time: T0 + 60_000 }), click({ time: T0 + 120_000 })],
      [true, true, false],
      rollupsOf(3, 2),
    ],
    [
      'clicks either side of midnight UTC fall on their own days',
      [click({ time: NEXT_DAY - 1 }), click({ time: NEXT_DAY })],
      [true, true],
      // Lifetime totals know no days: one row each.
      { ...both(rollupsOf(1, 1, '2026-11-10'), rollupsOf(1, 1, '2026-11-11')), link_totals: rollupsOf(2, 2).link_totals, advocate_totals: rollupsOf(2, 2).advocate_totals },
    ],
    [
      'two links of one story, channel and generation share a story row, each keeps its link and advocate row',
      [click(), click({ code: 'def456', advocateId: 'adv-2' })],
      [true, true],
      {
        ...rollupsOf(2, 2),
        link_daily: [
          { code: 'abc123', day: '2026-11-10', clicks: 1, unique_visitors: 1 },
          { code: 'def456', day: '2026-11-10', clicks: 1, unique_visitors: 1 },
        ],
        advocate_daily: [
          { advocate_id: 'adv-1', day: '2026-11-10', clicks: 1, unique_visitors: 1 },
          { advocate_id: 'adv-2', day: '2026-11-10', clicks: 1, unique_visitors: 1 },
        ],
        link_totals: [
          { code: 'abc123', clicks: 1 },
          { code: 'def456', clicks: 1 },
        ],
        advocate_totals: [
          { advocate_id: 'adv-1', clicks: 1 },
          { advocate_id: 'adv-2', clicks: 1 },
        ],
      },
    ],
    [
      'excluded requests count hits per link, day and reason, and nothing else',
      [excluded('bot'), excluded('bot'), excluded('preview'), excluded('head', { code: 'def456' })],
      [],
      {
        ...noRollups,
        excluded_daily: [
          { code: 'abc123', day: '2026-11-10', reason: 'bot', hits: 2 },
          { code: 'abc123', day: '2026-11-10', reason: 'preview', hits: 1 },
          { code: 'def456', day: '2026-11-10', reason: 'head', hits: 1 },
        ],
      },
    ],
  ])('%s', (_case, events, isNewVisitorDay, expected) => {
    const { clicks, ...rollups } = aggregateBatch(events, isNewVisitorDay);
    expect(rollups).toEqual(expected);
    expect(clicks).toHaveLength(events.filter((event) => event.kind === 'click').length);
  });

  it('keeps each click as a raw click row, by column name', () => {
    const { clicks } = aggregateBatch([click({ referrerHost: 't.co', country: 'GB', device: 'desktop' })], [true]);
    expect(clicks).toEqual([{ code: 'abc123', clicked_at: T0, visitor: 'v1', device: 'desktop', referrer_host: 't.co', country: 'GB' }]);
  });

  it('counts segments by device, referrer host and country when they are known', () => {
    const { segment_daily } = aggregateBatch([click({ referrerHost: 't.co', country: 'GB', device: 'desktop' })], [true]);
    expect(segment_daily.map((row) => [row.dimension, row.value])).toEqual([
      ['device', 'desktop'],
      ['referrer', 't.co'],
      ['country', 'GB'],
    ]);
  });

  it('reads the i-th new-visitor flag for the i-th click, skipping excluded requests', () => {
    const events = [excluded('bot'), click({ code: 'first' }), excluded('preview'), click({ code: 'second' })];
    const { link_daily } = aggregateBatch(events, [false, true]);
    expect(link_daily.map((row) => [row.code, row.unique_visitors])).toEqual([
      ['first', 0],
      ['second', 1],
    ]);
  });
});

describe('visitorDaysOf', () => {
  it('gives one visitor-day per click, in order, none for excluded requests', () => {
    const events = [click({ visitor: 'v1' }), excluded('bot'), click({ visitor: 'v2', time: NEXT_DAY }), click({ visitor: 'v1' })];
    expect(visitorDaysOf(events)).toEqual([
      { code: 'abc123', day: '2026-11-10', visitor: 'v1' },
      { code: 'abc123', day: '2026-11-11', visitor: 'v2' },
      { code: 'abc123', day: '2026-11-10', visitor: 'v1' },
    ]);
  });
});

const DIRECT = { channel: 'direct', source: '', medium: '', campaign: '' };
const SOCIAL = { channel: 'social', source: 'facebook.com', medium: '', campaign: '' };
const page = (name: PageEvent['name'], overrides: Partial<PageEvent> = {}): PageEvent =>
  ({ kind: 'page', name, page: '/stories/story-a/', time: T0, source: DIRECT, visitor: 'r1', ...overrides }) as PageEvent;
const NEW = { newReader: true, newRead: false };
const KNOWN = { newReader: false, newRead: false };
const pageRow = (views: number, readers: number, reads: number, day = '2026-11-10') => ({ page: '/stories/story-a/', day, views, readers, reads });
const sourceRow = (source: typeof DIRECT, views: number, readers: number) => ({ page: '/stories/story-a/', day: '2026-11-10', ...source, views, readers });

describe('aggregateBatch over page events', () => {
  it.each<[string, RecordedEvent[], ReaderNews[], Partial<Rollups>]>([
    ['a new reader\'s view counts a view and a reader, on the page and its source', [page('view')], [NEW], { page_daily: [pageRow(1, 1, 0)], source_daily: [sourceRow(DIRECT, 1, 1)] }],
    ['a known reader\'s view counts only a view', [page('view')], [KNOWN], { page_daily: [pageRow(1, 0, 0)], source_daily: [sourceRow(DIRECT, 1, 0)] }],
    ['a first read counts a read, not a view', [page('read')], [{ newReader: false, newRead: true }], { page_daily: [pageRow(0, 0, 1)], source_daily: [] }],
    ['a read already counted that day counts nothing', [page('read')], [KNOWN], { page_daily: [], source_daily: [] }],
    [
      'views from two sources keep a source row each',
      [page('view'), page('view', { visitor: 'r2', source: SOCIAL })],
      [NEW, NEW],
      { page_daily: [pageRow(2, 2, 0)], source_daily: [sourceRow(DIRECT, 1, 1), sourceRow(SOCIAL, 1, 1)] },
    ],
    [
      'an opted-out visitor is counted from the flags the route decided, with no reader-day row',
      [page('view', { visitor: null, newReader: true, newRead: false }), page('read', { visitor: null, newReader: false, newRead: true })],
      [],
      { page_daily: [pageRow(1, 1, 1)], source_daily: [sourceRow(DIRECT, 1, 1)] },
    ],
    [
      'excluded page fetches count per page, day and reason, never as views',
      [
        { kind: 'page-excluded', page: '/stories/story-a/', time: T0, reason: 'bot' },
        { kind: 'page-excluded', page: '/stories/story-a/', time: T0, reason: 'bot' },
        { kind: 'page-excluded', page: '/', time: T0, reason: 'prerender' },
      ],
      [],
      {
        page_excluded_daily: [
          { page: '/stories/story-a/', day: '2026-11-10', reason: 'bot', hits: 2 },
          { page: '/', day: '2026-11-10', reason: 'prerender', hits: 1 },
        ],
      },
    ],
  ])('%s', (_case, events, news, expected) => {
    const { clicks, ...rollups } = aggregateBatch(events, [], news);
    expect(rollups).toEqual({ ...noRollups, ...expected });
    expect(clicks).toEqual([]);
  });

  it('reads the i-th reader flags for the i-th page event with a visitor, skipping clicks and opted-out visitors', () => {
    const events = [page('view', { page: '/a/' }), click(), page('view', { visitor: null, newReader: false, newRead: false }), page('view', { page: '/b/' })];
    const { page_daily } = aggregateBatch(events, [true], [KNOWN, NEW]);
    expect(page_daily.map((row) => [row.page, row.readers])).toEqual([
      ['/a/', 0],
      ['/stories/story-a/', 0],
      ['/b/', 1],
    ]);
  });

  it('gives a reader-day row per page event with a visitor, marking reads', () => {
    expect(readerDaysOf([page('view'), page('read', { time: NEXT_DAY }), page('view', { visitor: null, newReader: true, newRead: false })])).toEqual([
      { page: '/stories/story-a/', day: '2026-11-10', visitor: 'r1', read: false },
      { page: '/stories/story-a/', day: '2026-11-11', visitor: 'r1', read: true },
    ]);
  });
});
