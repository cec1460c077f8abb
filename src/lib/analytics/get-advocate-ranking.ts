import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { periodBounds, type ClosedPeriod } from './closed-period.ts';
import { rankByPeriod, type Ranked } from './rank-by-period.ts';

/** One advocate over a period: links made, reshares others made of them, and their reach. */
export type AdvocateRow = {
  advocateId: string;
  name: string | null;
  shares: number;
  reshares: number;
  clicks: number;
  uniqueVisitors: number;
  conversions: number;
};

/** A page of advocates by clicks summed over the whole period: every advocate_daily row of the period is read. */
async function sumWholePeriod(db: Kysely<Database>, period: ClosedPeriod, page: { limit: number; offset: number }): Promise<Ranked[]> {
  const rows = await db
    .selectFrom('advocate_daily')
    .select(({ fn }) => ['advocate_id', fn.sum<number>('clicks').as('clicks')])
    .where('day', '>=', period.from)
    .where('day', '<=', period.to)
    .groupBy('advocate_id')
    .having(({ fn }) => fn.sum('clicks'), '>', 0)
    .orderBy('clicks', 'desc')
    .orderBy('advocate_id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return rows.map((row) => ({ key: row.advocate_id, total: Number(row.clicks) }));
}

/**
 * Advocates by clicks on their links in the period (ties by id, so pages are stable), read
 * from the advocate_daily rollup (ranked by walking their lifetime totals: rankByPeriod).
 * `reshares` counts links other people made from theirs. Advocates with no click in the period
 * are not ranked.
 */
export async function getAdvocateRanking(db: Kysely<Database>, period: ClosedPeriod, page: { limit: number; offset?: number }): Promise<AdvocateRow[]> {
  const offset = page.offset ?? 0;
  const walked = await rankByPeriod(db, { source: 'advocate', column: 'clicks', period, offset, limit: page.limit });
  const top = walked ?? (await sumWholePeriod(db, period, { offset, limit: page.limit }));
  const ids = top.map((row) => row.key);
  if (ids.length === 0) return [];
  const periodSums = await db
    .selectFrom('advocate_daily')
    .select(({ fn }) => [
      'advocate_id as advocateId',
      fn.sum<number>('clicks').as('clicks'),
      fn.sum<number>('unique_visitors').as('uniqueVisitors'),
      fn.sum<number>('conversions').as('conversions'),
    ])
    .where('advocate_id', 'in', ids)
    .where('day', '>=', period.from)
    .where('day', '<=', period.to)
    .groupBy('advocate_id')
    .execute();
  const sumsOf = new Map(periodSums.map((row) => [row.advocateId, row]));
  const ranked = ids.map((id) => sumsOf.get(id) ?? { advocateId: id, clicks: 0, uniqueVisitors: 0, conversions: 0 });
  const { start, end } = periodBounds(period);
  const [names, shares, reshares] = await Promise.all([
    db.selectFrom('advocates').select(['id', 'name']).where('id', 'in', ids).execute(),
    db
      .selectFrom('share_links')
      .select(({ fn }) => ['advocate_id as id', fn.countAll<number>().as('count')])
      .where('advocate_id', 'in', ids)
      .where('created_at', '>=', start)
      .where('created_at', '<', end)
      .groupBy('advocate_id')
      .execute(),
    db
      .selectFrom('share_links as child')
      .innerJoin('share_links as parent', 'parent.code', 'child.parent_code')
      .select(({ fn }) => ['parent.advocate_id as id', fn.countAll<number>().as('count')])
      .where('parent.advocate_id', 'in', ids)
      .whereRef('child.advocate_id', '!=', 'parent.advocate_id')
      .where('child.created_at', '>=', start)
      .where('child.created_at', '<', end)
      .groupBy('parent.advocate_id')
      .execute(),
  ]);
  const nameOf = new Map(names.map((row) => [row.id, row.name]));
  const sharesOf = new Map(shares.map((row) => [row.id, Number(row.count)]));
  const resharesOf = new Map(reshares.map((row) => [row.id, Number(row.count)]));
  return ranked.map((row) => ({
    advocateId: row.advocateId,
    name: nameOf.get(row.advocateId) ?? null,
    shares: sharesOf.get(row.advocateId) ?? 0,
    reshares: resharesOf.get(row.advocateId) ?? 0,
    clicks: Number(row.clicks),
    uniqueVisitors: Number(row.uniqueVisitors),
    conversions: Number(row.conversions),
  }));
}
