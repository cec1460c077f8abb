import { sql, type Kysely } from 'kysely';

/** One month of raw clicks on PostgreSQL: `clicks_YYYY_MM`, from its first millisecond (UTC) to the next month's. */
export type MonthPartition = { name: string; start: number; end: number };

/** The month partitions from the month of `from` to the month after the month of `to`. */
export function monthPartitions(from: number, to: number): MonthPartition[] {
  const parts: MonthPartition[] = [];
  const first = new Date(from);
  const last = new Date(to);
  let year = first.getUTCFullYear();
  let month = first.getUTCMonth();
  const stop = last.getUTCFullYear() * 12 + last.getUTCMonth() + 1;
  while (year * 12 + month <= stop) {
    const start = Date.UTC(year, month, 1);
    const end = Date.UTC(year, month + 1, 1);
    parts.push({ name: `clicks_${year}_${String(month + 1).padStart(2, '0')}`, start, end });
    month += 1;
    if (month === 12) {
      month = 0;
      year += 1;
    }
  }
  return parts;
}

/**
 * Makes this month's and next month's partitions of `clicks` (PostgreSQL), so clicks never land
 * in the default partition in normal running. Safe to run from several instances at once.
 */
export async function ensureClickPartitions(db: Kysely<any>, now: number): Promise<void> {
  for (const part of monthPartitions(now, now)) {
    await sql.raw(`create table if not exists ${part.name} partition of clicks for values from (${part.start}) to (${part.end})`).execute(db);
  }
}

/** The partitions of `clicks` whole months of which are older than `cutoff` (PostgreSQL). */
export async function partitionsBefore(db: Kysely<any>, cutoff: number): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select child.relname as name from pg_inherits
    join pg_class parent on parent.oid = pg_inherits.inhparent
    join pg_class child on child.oid = pg_inherits.inhrelid
    join pg_namespace ns on ns.oid = child.relnamespace
    where parent.relname = 'clicks' and ns.nspname = current_schema() and child.relname ~ '^clicks_[0-9]{4}_[0-9]{2}$'`.execute(db);
  return rows
    .map((row) => row.name)
    .filter((name) => {
      const [, year, month] = /^clicks_(\d{4})_(\d{2})$/.exec(name)!;
      return Date.UTC(Number(year), Number(month), 1) <= cutoff;
    })
    .sort();
}
