import type SqliteDatabase from 'better-sqlite3';
import { CompiledQuery, Kysely, PostgresDialect, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver } from 'kysely';
import pg from 'pg';
import { openSqlite } from './open-sqlite.ts';
import type { Database, Dialect } from './schema.ts';

export type DbOptions = {
  /** postgres://... selects PostgreSQL; otherwise SQLite at `sqliteFile`. */
  databaseUrl?: string | undefined;
  /** SQLite file; created with its folder when missing. */
  sqliteFile: string;
};

export type DbHandle = {
  db: Kysely<Database>;
  dialect: Dialect;
  /** A description safe to show (no credentials): "sqlite:/path/hub.db" or "postgres:host/db". */
  label: string;
  /** The raw SQLite connection (undefined on PostgreSQL). */
  sqlite: SqliteDatabase.Database | undefined;
  /** The SQLite file, for connections of other threads (undefined on PostgreSQL). */
  sqliteFile: string | undefined;
  close(): Promise<void>;
};

/** PostgreSQL int8 (counts, sums) as JS numbers: counts here stay far below 2^53. */
const INT8_OID = 20;
const NUMERIC_OID = 1700;
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID || oid === NUMERIC_OID) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
};

/**
 * Transactions take the write lock when they begin (BEGIN IMMEDIATE). With a plain BEGIN, a
 * transaction that reads and then writes while the click writer thread commits fails at once
 * with SQLITE_BUSY (its snapshot is stale, so the busy timeout cannot help); waiting for the
 * lock up front lets busy_timeout do its job.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #database: SqliteDatabase.Database;
  constructor(database: SqliteDatabase.Database) {
    super({ database });
    this.#database = database;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver({ database: this.#database });
  }
}

/** Opens the database the config names. Does not migrate: call migrateToLatest next. */
export function createDb(options: DbOptions): DbHandle {
  if (options.databaseUrl) {
    const url = new URL(options.databaseUrl);
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 10, types: pgTypes });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return {
      db,
      dialect: 'postgres',
      label: `postgres:${url.hostname}:${url.port || 5432}${url.pathname}`,
      sqlite: undefined,
      sqliteFile: undefined,
      close: () => db.destroy(),
    };
  }

  const sqlite = openSqlite(options.sqliteFile);
  const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect(sqlite) });
  return {
    db,
    dialect: 'sqlite',
    label: `sqlite:${options.sqliteFile}`,
    sqlite,
    sqliteFile: options.sqliteFile,
    close: () => db.destroy(),
  };
}
