import type {
  AdvocateDailyTable,
  AdvocateTotalsTable,
  ClicksTable,
  ExcludedDailyTable,
  LinkDailyTable,
  LinkTotalsTable,
  SegmentDailyTable,
  StoryDailyTable,
  VisitorDaysTable,
} from '../../db/schema.ts';
import { utcDay } from '../../time/utc-day.ts';
import type { ClickEvent, TrafficEvent } from './traffic-event.ts';

/** What one batch adds to a clicks rollup row: its clicks, and the visitors new on that day. */
type ClickCounts = { clicks: number; unique_visitors: number };

/**
 * One row type per table a batch writes, named by the table's columns so that an engine binds a
 * row as it is. Rollup rows hold the batch's counts, which the engines add to the stored row.
 */
export type BatchRow = {
  clicks: ClicksTable;
  link_daily: Pick<LinkDailyTable, 'code' | 'day'> & ClickCounts;
  story_daily: Pick<StoryDailyTable, 'story_slug' | 'day' | 'channel' | 'generation'> & ClickCounts;
  advocate_daily: Pick<AdvocateDailyTable, 'advocate_id' | 'day'> & ClickCounts;
  segment_daily: Pick<SegmentDailyTable, 'story_slug' | 'day' | 'dimension' | 'value'> & ClickCounts;
  excluded_daily: Pick<ExcludedDailyTable, 'code' | 'day' | 'reason'> & { hits: number };
  link_totals: Pick<LinkTotalsTable, 'code'> & { clicks: number };
  advocate_totals: Pick<AdvocateTotalsTable, 'advocate_id'> & { clicks: number };
};

/** The rows of every table a batch writes (visitor_days aside: see visitorDaysOf). */
export type BatchRows = { [Table in keyof BatchRow]: BatchRow[Table][] };

/** The tables whose rows add counts to stored rows (every table of a batch but the raw clicks). */
export type RollupTable = Exclude<keyof BatchRow, 'clicks'>;

/** A column of a table of the batch. */
export type BatchColumn<Table extends keyof BatchRow> = keyof BatchRow[Table] & string;

/**
 * The visitor_days row of each click of the batch, in order (excluded requests have none). A
 * writer inserts them first: which ones were new tells aggregateBatch the unique visitors.
 */
export function visitorDaysOf(events: readonly TrafficEvent[]): VisitorDaysTable[] {
  const rows: VisitorDaysTable[] = [];
  for (const event of events) if (event.kind === 'click') rows.push({ code: event.code, day: utcDay(event.time), visitor: event.visitor });
  return rows;
}

/** The segments one click counts in: device class, referrer host ('direct' without one), country ('unknown'). */
function segmentsOf(click: ClickEvent): [dimension: string, value: string][] {
  return [
    ['device', click.device],
    ['referrer', click.referrerHost ?? 'direct'],
    ['country', click.country ?? 'unknown'],
  ];
}

/** Counts one click, new to its visitor-day or not, into the row under `key` (made from `base`). */
function count<Row extends ClickCounts>(rows: Map<string, Row>, key: string, base: Omit<Row, keyof ClickCounts>, isNew: boolean): void {
  let row = rows.get(key);
  if (!row) rows.set(key, (row = { ...base, clicks: 0, unique_visitors: 0 } as Row));
  row.clicks += 1;
  if (isNew) row.unique_visitors += 1;
}

/**
 * What a batch of traffic adds to the database, without touching it: the raw click rows and one
 * summed row per rollup key (link, story, advocate and segment per UTC day; excluded requests per
 * link, day and reason; the lifetime clicks of each link and advocate). `isNewVisitorDay[i]` says whether the i-th click (excluded requests not
 * counted) was its visitor's first on that link that day: the writer learns it from inserting
 * visitorDaysOf(events). A new rollup is one more entry here and one statement per engine.
 */
export function aggregateBatch(events: readonly TrafficEvent[], isNewVisitorDay: readonly boolean[]): BatchRows {
  const clicks: BatchRow['clicks'][] = [];
  const links = new Map<string, BatchRow['link_daily']>();
  const stories = new Map<string, BatchRow['story_daily']>();
  const advocates = new Map<string, BatchRow['advocate_daily']>();
  const segments = new Map<string, BatchRow['segment_daily']>();
  const excluded = new Map<string, BatchRow['excluded_daily']>();
  const linkTotals = new Map<string, BatchRow['link_totals']>();
  const advocateTotals = new Map<string, BatchRow['advocate_totals']>();
  for (const event of events) {
    const day = utcDay(event.time);
    if (event.kind === 'excluded') {
      const key = `${event.code}|${day}|${event.reason}`;
      let row = excluded.get(key);
      if (!row) excluded.set(key, (row = { code: event.code, day, reason: event.reason, hits: 0 }));
      row.hits += 1;
      continue;
    }
    const isNew = isNewVisitorDay[clicks.length] === true;
    clicks.push({ code: event.code, clicked_at: event.time, visitor: event.visitor, device: event.device, referrer_host: event.referrerHost, country: event.country });
    const { code, storySlug: story_slug, channel, generation, advocateId: advocate_id } = event;
    count(links, `${code}|${day}`, { code, day }, isNew);
    count(stories, `${story_slug}|${day}|${channel}|${generation}`, { story_slug, day, channel, generation }, isNew);
    count(advocates, `${advocate_id}|${day}`, { advocate_id, day }, isNew);
    let linkTotal = linkTotals.get(code);
    if (!linkTotal) linkTotals.set(code, (linkTotal = { code, clicks: 0 }));
    linkTotal.clicks += 1;
    let advocateTotal = advocateTotals.get(advocate_id);
    if (!advocateTotal) advocateTotals.set(advocate_id, (advocateTotal = { advocate_id, clicks: 0 }));
    advocateTotal.clicks += 1;
    for (const [dimension, value] of segmentsOf(event)) {
      count(segments, `${story_slug}|${day}|${dimension}|${value}`, { story_slug, day, dimension, value }, isNew);
    }
  }
  return {
    clicks,
    link_daily: [...links.values()],
    story_daily: [...stories.values()],
    advocate_daily: [...advocates.values()],
    segment_daily: [...segments.values()],
    excluded_daily: [...excluded.values()],
    link_totals: [...linkTotals.values()],
    advocate_totals: [...advocateTotals.values()],
  };
}
