import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { MilestoneMetric, MilestoneScope } from './schema.ts';

export type ScopeMetrics = Record<MilestoneMetric, number>;

const num = (value: unknown) => Number(value ?? 0);

/**
 * The current numbers of one scope, from the rollups: a story (its links), an advocate (their
 * links; reshares are links made from theirs, generation is how many generations their shares
 * reached, themselves included), or the whole hub (key '').
 */
export async function measureScope(db: Kysely<Database>, scope: MilestoneScope, key: string): Promise<ScopeMetrics> {
  if (scope === 'advocate') {
    const [links, traffic, reshares, depth] = await Promise.all([
      db.selectFrom('share_links').select((eb) => eb.fn.countAll().as('n')).where('advocate_id', '=', key).executeTakeFirst(),
      db
        .selectFrom('advocate_daily')
        .select((eb) => [eb.fn.sum('clicks').as('clicks'), eb.fn.sum('unique_visitors').as('uniqueVisitors'), eb.fn.sum('conversions').as('conversions')])
        .where('advocate_id', '=', key)
        .executeTakeFirst(),
      db
        .selectFrom('share_links as child')
        .innerJoin('share_links as parent', 'parent.code', 'child.parent_code')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('parent.advocate_id', '=', key)
        .executeTakeFirst(),
      sql<{ depth: number | null }>`
        with recursive tree(code, generation, base) as (
          select code, generation, generation from share_links where advocate_id = ${key}
          union all
          select s.code, s.generation, t.base from share_links s join tree t on s.parent_code = t.code
        )
        select max(generation - base + 1) as depth from tree`.execute(db),
    ]);
    return {
      shares: num(links?.n),
      clicks: num(traffic?.clicks),
      uniqueVisitors: num(traffic?.uniqueVisitors),
      conversions: num(traffic?.conversions),
      reshares: num(reshares?.n),
      generation: num(depth.rows[0]?.depth),
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
  const [row, depth] = await Promise.all([totals.executeTakeFirst(), deepest.executeTakeFirst()]);
  return {
    shares: num(row?.shares),
    clicks: num(row?.clicks),
    uniqueVisitors: num(row?.uniqueVisitors),
    conversions: num(row?.conversions),
    reshares: num(row?.reshares),
    generation: num(depth?.generation),
  };
}
