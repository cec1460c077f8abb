import type {
  AdvocateDailyTable,
  AdvocateTotalsTable,
  ClicksTable,
  ExcludedDailyTable,
  LinkDailyTable,
  LinkTotalsTable,
  PageDailyTable,
  PageExcludedDailyTable,
  SegmentDailyTable,
  SourceDailyTable,
  StoryDailyTable,
  VisitorDaysTable,
} from '../../db/schema.ts';
import { utcDay } from '../../time/utc-day.ts';
import type { ClickEvent, PageEvent, RecordedEvent } from './traffic-event.ts';

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
  page_daily: Pick<PageDailyTable, 'page' | 'day'> & { views: number; readers: number; reads: number };
  source_daily: Pick<SourceDailyTable, 'page' | 'day' | 'channel' | 'source' | 'medium' | 'campaign'> & { views: number; readers: number };
  page_excluded_daily: Pick<PageExcludedDailyTable, 'page' | 'day' | 'reason'> & { hits: number };
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
export function visitorDaysOf(events: readonly RecordedEvent[]): VisitorDaysTable[] {
  const rows: VisitorDaysTable[] = [];
  for (const event of events) if (event.kind === 'click') rows.push({ code: event.code, day: utcDay(event.time), visitor: event.visitor });
  return rows;
}

/** A reader_days row a page event touches: `read` when the event is a read (the row's has_read is set). */
export type ReaderDay = { page: string; day: string; visitor: string; read: boolean };

/** What the reader_days set said of a page event: a reader new that day, a first read that day. */
export type ReaderNews = { newReader: boolean; newRead: boolean };

/**
 * The reader_days row of each page event with a visitor hash, in order (opted-out visitors and
 * excluded fetches have none). A writer inserts each row (new reader when it was inserted) and,
 * for a read, sets has_read (first read when it changed): that is `ReaderNews` for aggregateBatch.
 */
export function readerDaysOf(events: readonly RecordedEvent[]): ReaderDay[] {
  const rows: ReaderDay[] = [];
  for (const event of events) {
    if (event.kind === 'page' && event.visitor !== null) rows.push({ page: event.page, day: utcDay(event.time), visitor: event.visitor, read: event.name === 'read' });
  }
  return rows;
}

/** Adds `amount` to the numeric `column` of the row under `key`, made from `base` with every counter 0. */
function add<Row>(rows: Map<string, Row>, key: string, base: () => Row, column: keyof Row, amount = 1): void {
  let row = rows.get(key);
  if (!row) rows.set(key, (row = base()));
  (row[column] as number) += amount;
}

/** Counts a page event into the page and source rollups. */
function countPage(event: PageEvent, day: string, news: ReaderNews, pages: Map<string, BatchRow['page_daily']>, sources: Map<string, BatchRow['source_daily']>): void {
  const { page } = event;
  const pageBase = () => ({ page, day, views: 0, readers: 0, reads: 0 });
  const { channel, source, medium, campaign } = event.source;
  const sourceKey = `${page}|${day}|${channel}|${source}|${medium}|${campaign}`;
  const sourceBase = () => ({ page, day, channel, source, medium, campaign, views: 0, readers: 0 });
  if (event.name === 'view') {
    add(pages, `${page}|${day}`, pageBase, 'views');
    add(sources, sourceKey, sourceBase, 'views');
  }
  if (news.newReader) {
    add(pages, `${page}|${day}`, pageBase, 'readers');
    add(sources, sourceKey, sourceBase, 'readers');
  }
  if (news.newRead) add(pages, `${page}|${day}`, pageBase, 'reads');
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
 * link, day and reason; the lifetime clicks of each link and advocate; page views, readers and
 * reads per page and day, and per source; excluded page fetches per page, day and reason).
 * `isNewVisitorDay[i]` says whether the i-th click (excluded requests not counted) was its
 * visitor's first on that link that day: the writer learns it from inserting
 * visitorDaysOf(events). `readerNews[i]` is the same for the i-th row of
 * readerDaysOf(events). A new rollup is one more entry here and one statement per engine.
 */
export function aggregateBatch(events: readonly RecordedEvent[], isNewVisitorDay: readonly boolean[], readerNews: readonly ReaderNews[] = []): BatchRows {
  const clicks: BatchRow['clicks'][] = [];
  const links = new Map<string, BatchRow['link_daily']>();
  const stories = new Map<string, BatchRow['story_daily']>();
  const advocates = new Map<string, BatchRow['advocate_daily']>();
  const segments = new Map<string, BatchRow['segment_daily']>();
  const excluded = new Map<string, BatchRow['excluded_daily']>();
  const linkTotals = new Map<string, BatchRow['link_totals']>();
  const advocateTotals = new Map<string, BatchRow['advocate_totals']>();
  const pages = new Map<string, BatchRow['page_daily']>();
  const sources = new Map<string, BatchRow['source_daily']>();
  const pagesExcluded = new Map<string, BatchRow['page_excluded_daily']>();
  let readerDay = 0;
  for (const event of events) {
    const day = utcDay(event.time);
    if (event.kind === 'page') {
      const news = event.visitor === null ? event : (readerNews[readerDay++] ?? { newReader: false, newRead: false });
      countPage(event, day, news, pages, sources);
      continue;
    }
    if (event.kind === 'page-excluded') {
      const { page, reason } = event;
      add(pagesExcluded, `${page}|${day}|${reason}`, () => ({ page, day, reason, hits: 0 }), 'hits');
      continue;
    }
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
    page_daily: [...pages.values()],
    source_daily: [...sources.values()],
    page_excluded_daily: [...pagesExcluded.values()],
  };
}
