import { describe, expect, it } from 'vitest';
import { aggregateBatch, visitorDaysOf, type BatchRows } from '../../../../src/lib/referrals/clicks/aggregate-batch.ts';
import type { ClickEvent, ExcludedEvent, TrafficEvent } from '../../../../src/lib/referrals/clicks/traffic-event.ts';

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
const noRollups: Rollups = { link_daily: [], story_daily: [], advocate_daily: [], segment_daily: [], excluded_daily: [], link_totals: [], advocate_totals: [] };

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
