import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { buildStats, type Cell } from './build-stats.ts';
import type { Period, Stats } from './schema.ts';

const dayStart = (day: string) => Date.parse(`${day}T00:00:00.000Z`);

/**
 * Stats of the pass-along a link started: the link and every link descended from it. Its own
 * numbers are its generation's row. Reads the link_daily rollup for the links of the subtree.
 */
export async function getLinkStats(db: Kysely<Database>, code: string, period: Period = {}): Promise<Stats> {
  const tree = await sql<{ code: string; parent_code: string | null; channel: string; generation: number; created_at: number }>`
    with recursive tree(code) as (
      select code from share_links where code = ${code}
      union all
      select s.code from share_links s join tree t on s.parent_code = t.code
    )
    select l.code, l.parent_code, l.channel, l.generation, l.created_at
    from share_links l join tree t on l.code = t.code`.execute(db);
  const links = new Map(tree.rows.map((row) => [row.code, row]));
  const codes = [...links.keys()];
  if (codes.length === 0) return buildStats([], [], []);

  const from = period.from ? dayStart(period.from) : -Infinity;
  const to = period.to ? dayStart(period.to) + 86_400_000 : Infinity;
  const inPeriod = (time: number) => time >= from && time < to;

  let daily = db
    .selectFrom('link_daily')
    .select(({ fn }) => [
      'code',
      fn.sum<number>('clicks').as('clicks'),
      fn.sum<number>('unique_visitors').as('uniqueVisitors'),
      fn.sum<number>('conversions').as('conversions'),
    ])
    .where('code', 'in', codes)
    .groupBy('code');
  let excluded = db
    .selectFrom('excluded_daily')
    .select(({ fn }) => ['reason', fn.sum<number>('hits').as('hits')])
    .where('code', 'in', codes)
    .groupBy('reason');
  if (period.from) {
    daily = daily.where('day', '>=', period.from);
    excluded = excluded.where('day', '>=', period.from);
  }
  if (period.to) {
    daily = daily.where('day', '<=', period.to);
    excluded = excluded.where('day', '<=', period.to);
  }
  const [dailyRows, excludedRows] = await Promise.all([daily.execute(), excluded.execute()]);
  const sums = new Map(dailyRows.map((row) => [row.code, row]));

  const cells: Cell[] = [...links.values()].map((link) => {
    const sum = sums.get(link.code);
    const created = inPeriod(Number(link.created_at));
    return {
      generation: Number(link.generation),
      channel: link.channel,
      shares: created ? 1 : 0,
      reshares: created && link.code !== code ? 1 : 0,
      clicks: Number(sum?.clicks ?? 0),
      uniqueVisitors: Number(sum?.uniqueVisitors ?? 0),
      conversions: Number(sum?.conversions ?? 0),
    };
  });
  const cycles = [...links.values()]
    .filter((link) => link.code !== code && link.parent_code && inPeriod(Number(link.created_at)))
    .map((link) => Number(link.created_at) - Number(links.get(link.parent_code!)!.created_at));
  return buildStats(
    cells,
    cycles,
    excludedRows.map((row) => ({ reason: row.reason, hits: Number(row.hits) })),
  );
}
