import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';

/**
 * Opens (and creates) the SQLite file with the hub's settings. Every connection, on the main
 * thread or the click writer's, uses the same ones.
 */
export function openSqlite(file: string): SqliteDatabase.Database {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SqliteDatabase(file);
  sqlite.pragma('journal_mode = WAL');
  // FULL: an acknowledged write survives power loss, not only a crash of the process.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // Up to 64 MiB of page cache (filled only as pages are read; the default is 2 MiB): the
  // dashboard's period rankings walk rollup indexes of tens of MB, a third faster from memory.
  sqlite.pragma('cache_size = -65536');
  return sqlite;
}
