import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { dayEnd, dayStart } from '../time/utc-day.ts';
import { buildStats, medianSeconds, type Cell } from './build-stats.ts';
import type { Period, Stats } from './schema.ts';


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
  if (links.size === 0) return buildStats([], null, []);

  const from = period.from ? dayStart(period.from) : -Infinity;
  const to = period.to ? dayEnd(period.to) : Infinity;
  const inPeriod = (time: number) => time >= from && time < to;

  // The subtree can hold tens of thousands of links: join against it in SQL instead of binding
  // every code as a parameter.
  const subtree = sql`with recursive tree(code) as (
      select code from share_links where code = ${code}
      union all
      select s.code from share_links s join tree t on s.parent_code = t.code
    ) select code from tree`;
  const fromDay = period.from ?? '0000-00-00';
  const toDay = period.to ?? '9999-99-99';
  const daily = sql<{ code: string; clicks: number; uniqueVisitors: number; conversions: number }>`
    select d.code, sum(d.clicks) as "clicks", sum(d.unique_visitors) as "uniqueVisitors", sum(d.conversions) as "conversions"
    from link_daily d where d.code in (${subtree}) and d.day >= ${fromDay} and d.day <= ${toDay}
    group by d.code`.execute(db);
  const excluded = sql<{ reason: string; hits: number }>`
    select e.reason, sum(e.hits) as "hits"
    from excluded_daily e where e.code in (${subtree}) and e.day >= ${fromDay} and e.day <= ${toDay}
    group by e.reason`.execute(db);
  const [{ rows: dailyRows }, { rows: excludedRows }] = await Promise.all([daily, excluded]);
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
    medianSeconds(cycles),
    excludedRows.map((row) => ({ reason: row.reason, hits: Number(row.hits) })),
  );
}
