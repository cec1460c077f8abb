import type { AdvocateRow } from '../analytics/get-advocate-ranking.ts';
import type { LinkRow } from '../analytics/get-link-list.ts';
import type { GoalRow, PageReading, SourceRow } from '../analytics/get-reading.ts';
import type { FunnelRow, OverviewDay } from '../analytics/get-overview.ts';
import type { Column, DataTable } from './data-table.ts';
import type { ClosedPeriod } from '../analytics/closed-period.ts';
import type { Funnel, SegmentRow, Stats } from '../analytics/schema.ts';

/** A dashboard URL that keeps the period. */
export function dashboardHref(path: string, period: ClosedPeriod, params: Record<string, string | undefined> = {}): string {
  const search = new URLSearchParams({ from: period.from, to: period.to });
  for (const [name, value] of Object.entries(params)) if (value !== undefined) search.set(name, value);
  return `${path}?${search}`;
}

/** The five funnel columns every breakdown repeats, then the K-factor (reshares per share). */
function funnelColumns<Row extends Funnel>(): Column<Row>[] {
  return [
    { label: 'Shares', kind: 'number', value: (row) => row.shares },
    { label: 'Clicks', kind: 'number', value: (row) => row.clicks },
    { label: 'Unique visitors', kind: 'number', value: (row) => row.uniqueVisitors },
    { label: 'Conversions', kind: 'number', value: (row) => row.conversions },
    { label: 'Reshares', kind: 'number', value: (row) => row.reshares },
    { label: 'K-factor', kind: 'ratio', value: (row) => (row.shares === 0 ? 0 : row.reshares / row.shares) },
  ];
}

/** The overview's day-by-day table: readers, the funnel, cycle time and excluded traffic per UTC day. */
export function dailyTable(days: OverviewDay[]): DataTable<OverviewDay> {
  return {
    id: 'daily',
    caption: 'Day by day',
    columns: [
      { label: 'Day', kind: 'text', value: (row) => row.day },
      ...funnelColumns<OverviewDay>(),
      { label: 'Views', kind: 'number', value: (row) => row.views },
      { label: 'Readers', kind: 'number', value: (row) => row.readers },
      { label: 'Reads', kind: 'number', value: (row) => row.reads },
      { label: 'Share rate', kind: 'ratio', value: (row) => row.shareRate },
      { label: 'Cycle time', kind: 'duration', value: (row) => row.cycleTimeSeconds },
      { label: 'Bots', kind: 'number', value: (row) => row.bot },
      { label: 'Previews', kind: 'number', value: (row) => row.preview },
      { label: 'HEAD', kind: 'number', value: (row) => row.head },
    ],
    rows: days,
  };
}

/** The funnel per story, each linking to its story's view. */
export function storiesTable(rows: FunnelRow<'story'>[], titleOf: (slug: string) => string, period: ClosedPeriod): DataTable<FunnelRow<'story'>> {
  return {
    id: 'stories',
    caption: 'Stories',
    columns: [{ label: 'Story', kind: 'text', value: (row) => titleOf(row.story), href: (row) => dashboardHref(`/dashboard/stories/${row.story}/`, period) }, ...funnelColumns<FunnelRow<'story'>>()],
    rows,
  };
}

/** The funnel per channel, each linking to that channel's links (of `story` when given). */
export function channelsTable(rows: (Funnel & { channel: string })[], period: ClosedPeriod, story?: string): DataTable<Funnel & { channel: string }> {
  return {
    id: 'channels',
    caption: 'Channels',
    columns: [{ label: 'Channel', kind: 'text', value: (row) => row.channel, href: (row) => dashboardHref('/dashboard/links/', period, { channel: row.channel, story, sort: 'clicks' }) }, ...funnelColumns<Funnel & { channel: string }>()],
    rows,
  };
}

/** The funnel per cause or per intent, each linking to the links of that group. */
export function groupTable<Key extends 'cause' | 'intent'>(key: Key, rows: FunnelRow<Key>[], nameOf: (value: string) => string, period: ClosedPeriod): DataTable<FunnelRow<Key>> {
  return {
    id: `${key}s`,
    caption: key === 'cause' ? 'Causes' : 'Intents',
    columns: [
      { label: key === 'cause' ? 'Cause' : 'Intent', kind: 'text', value: (row) => nameOf(String(row[key])), href: (row) => dashboardHref('/dashboard/links/', period, { [key]: String(row[key]), sort: 'clicks' }) },
      ...funnelColumns<FunnelRow<Key>>(),
    ],
    rows,
  };
}

/** Links, clicks, unique visitors and conversions per generation of the pass-along. */
export function generationsTable(rows: Stats['generations']): DataTable<Stats['generations'][number]> {
  return {
    id: 'generations',
    caption: 'Generations',
    columns: [
      { label: 'Generation', kind: 'number', value: (row) => row.generation },
      { label: 'Links', kind: 'number', value: (row) => row.links },
      { label: 'Clicks', kind: 'number', value: (row) => row.clicks },
      { label: 'Unique visitors', kind: 'number', value: (row) => row.uniqueVisitors },
      { label: 'Conversions', kind: 'number', value: (row) => row.conversions },
    ],
    rows,
  };
}

/** Requests not counted as clicks, by reason, with the reason in words. */
export function excludedTable(excluded: Stats['excluded']): DataTable<{ reason: string; hits: number }> {
  const why: Record<string, string> = { bot: 'Bots and crawlers', preview: 'Link previews (chat apps, social sites)', head: 'HEAD requests (link checkers)' };
  return {
    id: 'excluded',
    caption: 'Not counted as clicks',
    columns: [
      { label: 'Reason', kind: 'text', value: (row) => why[row.reason] ?? row.reason },
      { label: 'Requests', kind: 'number', value: (row) => row.hits },
    ],
    rows: Object.entries(excluded).map(([reason, hits]) => ({ reason, hits })),
  };
}

/** The advocate ranking, each advocate linking to their links. */
export function advocatesTable(rows: AdvocateRow[], period: ClosedPeriod): DataTable<AdvocateRow> {
  return {
    id: 'advocates',
    caption: 'Advocates',
    columns: [
      { label: 'Advocate', kind: 'text', value: (row) => row.name ?? `Anonymous ${row.advocateId.slice(0, 6)}`, href: (row) => dashboardHref('/dashboard/links/', period, { advocate: row.advocateId, sort: 'clicks' }) },
      { label: 'Links made', kind: 'number', value: (row) => row.shares },
      { label: 'Clicks', kind: 'number', value: (row) => row.clicks },
      { label: 'Unique visitors', kind: 'number', value: (row) => row.uniqueVisitors },
      { label: 'Conversions', kind: 'number', value: (row) => row.conversions },
      { label: 'Reshares by others', kind: 'number', value: (row) => row.reshares },
    ],
    rows,
  };
}

/** Clicks and unique visitors by device, referrer or country. */
export function segmentTable(dimension: 'device' | 'referrer' | 'country', rows: SegmentRow[]): DataTable<SegmentRow> {
  const label = { device: 'Device', referrer: 'Referrer', country: 'Country' }[dimension];
  return {
    id: `segment-${dimension}`,
    caption: `By ${label.toLowerCase()}`,
    columns: [
      { label, kind: 'text', value: (row) => row.value },
      { label: 'Clicks', kind: 'number', value: (row) => row.clicks },
      { label: 'Unique visitors', kind: 'number', value: (row) => row.uniqueVisitors },
    ],
    rows,
  };
}

/** Share links with their story, advocate, channel, generation and numbers. */
export function linksTable(rows: LinkRow[], titleOf: (slug: string) => string, period: ClosedPeriod, id = 'links'): DataTable<LinkRow> {
  return {
    id,
    caption: 'Share links',
    columns: [
      { label: 'Link', kind: 'text', value: (row) => row.code, href: (row) => dashboardHref(`/dashboard/links/${row.code}/`, period) },
      { label: 'Story', kind: 'text', value: (row) => titleOf(row.story), href: (row) => dashboardHref(`/dashboard/stories/${row.story}/`, period) },
      { label: 'Advocate', kind: 'text', value: (row) => row.advocateName ?? 'Anonymous', href: (row) => dashboardHref('/dashboard/links/', period, { advocate: row.advocateId, sort: 'clicks' }) },
      { label: 'Channel', kind: 'text', value: (row) => row.channel },
      { label: 'Generation', kind: 'number', value: (row) => row.generation },
      { label: 'Made', kind: 'date', value: (row) => row.createdAt },
      { label: 'Clicks', kind: 'number', value: (row) => row.clicks },
      { label: 'Unique visitors', kind: 'number', value: (row) => row.uniqueVisitors },
      { label: 'Conversions', kind: 'number', value: (row) => row.conversions },
    ],
    rows,
  };
}

/** Views and readers per source (channel, source, medium, campaign), most views first. */
export function sourcesTable(rows: SourceRow[], limit?: number): DataTable<SourceRow> {
  return {
    id: 'sources',
    caption: limit ? 'Top sources' : 'Sources',
    columns: [
      { label: 'Channel', kind: 'text', value: (row) => row.channel },
      { label: 'Source', kind: 'text', value: (row) => row.source || (row.channel === 'direct' ? '(none)' : row.channel === 'internal' ? '(this site)' : '') },
      { label: 'Medium', kind: 'text', value: (row) => row.medium },
      { label: 'Campaign', kind: 'text', value: (row) => row.campaign },
      { label: 'Views', kind: 'number', value: (row) => row.views },
      { label: 'Readers', kind: 'number', value: (row) => row.readers },
    ],
    rows: limit ? rows.slice(0, limit) : rows,
  };
}

/** Conversions per goal: through a share link (pass-along), without one, and pass-along's share of them. */
export function goalsTable(rows: GoalRow[]): DataTable<GoalRow> {
  return {
    id: 'goals',
    caption: 'Goals',
    columns: [
      { label: 'Goal', kind: 'text', value: (row) => row.goal },
      { label: 'Through a share link', kind: 'number', value: (row) => row.attributed },
      { label: 'Without one', kind: 'number', value: (row) => row.unattributed },
      { label: 'Pass-along share', kind: 'ratio', value: (row) => row.passAlongShare },
    ],
    rows,
  };
}

/** Views, readers, reads and read rate per page of the hub. */
export function pagesTable(rows: (PageReading & { kind: string })[]): DataTable<PageReading & { kind: string }> {
  return {
    id: 'pages',
    caption: 'Pages',
    columns: [
      { label: 'Page', kind: 'text', value: (row) => row.page, href: (row) => row.page },
      { label: 'Kind', kind: 'text', value: (row) => row.kind },
      { label: 'Views', kind: 'number', value: (row) => row.views },
      { label: 'Readers', kind: 'number', value: (row) => row.readers },
      { label: 'Reads', kind: 'number', value: (row) => row.reads },
      { label: 'Read rate', kind: 'ratio', value: (row) => row.readRate },
    ],
    rows,
  };
}
