import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { ClosedPeriod } from './closed-period.ts';

/** What can be ranked: share links (link_daily) or advocates (advocate_daily), with their lifetime totals. */
const SOURCES = {
  link: { totals: 'link_totals', daily: 'link_daily', key: 'code' },
  advocate: { totals: 'advocate_totals', daily: 'advocate_daily', key: 'advocate_id' },
} as const;

/** The lifetime column that bounds a period's sum from above: unique visitors never exceed clicks. */
const BOUND = { clicks: 'clicks', unique_visitors: 'clicks', conversions: 'conversions' } as const;

/** Candidates read per step, in lifetime order. */
const STEP = 500;
/** Past this many candidates the walk gives up and the caller sums the whole period instead. */
const MAX_CANDIDATES = 20_000;

export type Ranked = { key: string; total: number };

/**
 * The `offset`..`offset + limit` entries of a ranking by a column summed over a period (most
 * first, ties by key; only entries with more than 0), without summing every link's period.
 * Candidates come in the order of their lifetime totals (an index), their period sums are read
 * for each step of 500, and the walk stops as soon as the next candidate's lifetime total is
 * below the page's last period sum: no later one can enter the page, since a period's sum never
 * exceeds the lifetime's (the "threshold algorithm" of top-k queries). `within` restricts the
 * candidates (a story's links, say). Undefined when the walk would read more than 20,000
 * candidates (a period whose leaders are not the lifetime's): sum the period instead.
 */
export async function rankByPeriod(
  db: Kysely<Database>,
  options: {
    source: keyof typeof SOURCES;
    column: keyof typeof BOUND;
    period: ClosedPeriod;
    offset: number;
    limit: number;
    within?: SelectQueryBuilder<Database, keyof Database, { code: string }>;
    /** Candidates to read at most before giving up (20,000). */
    maxCandidates?: number;
  },
): Promise<Ranked[] | undefined> {
  const { totals, daily, key } = SOURCES[options.source];
  const bound = BOUND[options.column];
  const need = options.offset + options.limit;
  const found: Ranked[] = [];
  let after: { bound: number; key: string } | undefined;
  for (let read = 0; read < (options.maxCandidates ?? MAX_CANDIDATES); read += STEP) {
    const candidates = await sql<{ key: string; bound: number }>`
      select t.${sql.ref(key)} as key, t.${sql.ref(bound)} as bound from ${sql.table(totals)} t
      where ${options.within ? sql`t.${sql.ref(key)} in (${options.within})` : sql`1 = 1`}
        and ${after ? sql`(t.${sql.ref(bound)} < ${after.bound} or (t.${sql.ref(bound)} = ${after.bound} and t.${sql.ref(key)} > ${after.key}))` : sql`1 = 1`}
      order by t.${sql.ref(bound)} desc, t.${sql.ref(key)}
      limit ${STEP}`.execute(db);
    const rows = candidates.rows;
    if (rows.length === 0) return finish(found, options);
    const sums = await sql<{ key: string; total: number }>`
      select ${sql.ref(key)} as key, sum(${sql.ref(options.column)}) as total from ${sql.table(daily)}
      where ${sql.ref(key)} in (${sql.join(rows.map((row) => row.key))}) and day >= ${options.period.from} and day <= ${options.period.to}
      group by ${sql.ref(key)}`.execute(db);
    for (const row of sums.rows) if (Number(row.total) > 0) found.push({ key: row.key, total: Number(row.total) });
    found.sort((a, b) => b.total - a.total || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const last = rows[rows.length - 1]!;
    after = { bound: Number(last.bound), key: last.key };
    const lastOfPage = found[need - 1];
    if (rows.length < STEP || after.bound <= 0 || (lastOfPage && after.bound < lastOfPage.total)) return finish(found, options);
  }
  return undefined;
}

function finish(found: Ranked[], options: { offset: number; limit: number }): Ranked[] {
  return found.slice(options.offset, options.offset + options.limit);
}
