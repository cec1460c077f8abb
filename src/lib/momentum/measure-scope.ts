import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { milestoneMetrics, type MilestoneMetric, type MilestoneScope } from './schema.ts';

export type ScopeMetrics = Record<MilestoneMetric, number>;

const num = (value: unknown) => Number(value ?? 0);
const ALL: ReadonlySet<MilestoneMetric> = new Set(milestoneMetrics);
const none = async () => undefined;

/**
 * The current numbers of one scope, from the rollups: a story (its links), an advocate (their
 * links; reshares are links made from theirs, generation is how many generations their shares
 * reached, themselves included), or the whole hub (key ''). Only the queries the `wanted`
 * metrics need are run; the others read 0.
 */
export async function measureScope(
  db: Kysely<Database>,
  scope: MilestoneScope,
  key: string,
  wanted: ReadonlySet<MilestoneMetric> = ALL,
): Promise<ScopeMetrics> {
  const needs = (...metrics: MilestoneMetric[]) => metrics.some((metric) => wanted.has(metric));
  if (scope === 'advocate') {
    const [links, traffic, reshares, depth] = await Promise.all([
      needs('shares') ? db.selectFrom('share_links').select((eb) => eb.fn.countAll().as('n')).where('advocate_id', '=', key).executeTakeFirst() : none(),
      needs('clicks', 'uniqueVisitors', 'conversions')
        ? db
            .selectFrom('advocate_daily')
            .select((eb) => [eb.fn.sum('clicks').as('clicks'), eb.fn.sum('unique_visitors').as('uniqueVisitors'), eb.fn.sum('conversions').as('conversions')])
            .where('advocate_id', '=', key)
            .executeTakeFirst()
        : none(),
      needs('reshares')
        ? db
            .selectFrom('share_links as child')
            .innerJoin('share_links as parent', 'parent.code', 'child.parent_code')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('parent.advocate_id', '=', key)
            .executeTakeFirst()
        : none(),
      needs('generation')
        ? sql<{ depth: number | null }>`
            with recursive tree(code, generation, base) as (
              select code, generation, generation from share_links where advocate_id = ${key}
              union all
              select s.code, s.generation, t.base from share_links s join tree t on s.parent_code = t.code
            )
            select max(generation - base + 1) as depth from tree`.execute(db)
        : none(),
    ]);
    return {
      shares: num(links?.n),
      clicks: num(traffic?.clicks),
      uniqueVisitors: num(traffic?.uniqueVisitors),
      conversions: num(traffic?.conversions),
      reshares: num(reshares?.n),
      generation: num(depth?.rows[0]?.depth),
    };
  }

  let totals = db
    .selectFrom('story_daily')
    .select((eb) => [
      eb.fn.sum('shares').as('shares'),
      eb.fn.sum('reshares').as('reshares'),
      eb.fn.sum('clicks').as('clicks'),
      eb.fn.sum('unique_visitors').as('uniqueVisitors'),
      eb.fn.sum('conversions').as('conversions'),
    ]);
  let deepest = db.selectFrom('share_links').select((eb) => eb.fn.max('generation').as('generation'));
  if (scope === 'story') {
    totals = totals.where('story_slug', '=', key);
    deepest = deepest.where('story_slug', '=', key);
  }
  const [row, depth] = await Promise.all([
    needs('shares', 'reshares', 'clicks', 'uniqueVisitors', 'conversions') ? totals.executeTakeFirst() : none(),
    needs('generation') ? deepest.executeTakeFirst() : none(),
  ]);
  return {
    shares: num(row?.shares),
    clicks: num(row?.clicks),
    uniqueVisitors: num(row?.uniqueVisitors),
    conversions: num(row?.conversions),
    reshares: num(row?.reshares),
    generation: num(depth?.generation),
  };
}
