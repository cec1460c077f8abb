import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { createDb, type DbHandle } from '../../src/lib/db/create-db.ts';

/** SQLite always; PostgreSQL too when TEST_DATABASE_URL is set (CI sets it when the server answers). */
export const testDatabases: { name: string; open(): Promise<DbHandle> }[] = [
  {
    name: 'sqlite',
    async open() {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-db-'));
      const handle = createDb({ sqliteFile: path.join(dir, 'hub.db') });
      return {
        ...handle,
        async close() {
          await handle.close();
          fs.rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  },
  ...(process.env.TEST_DATABASE_URL
    ? [
        {
          name: 'postgres',
          async open() {
            const url = process.env.TEST_DATABASE_URL!;
            const schema = `test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
            const admin = createDb({ databaseUrl: url, sqliteFile: '' });
            await sql`create schema ${sql.id(schema)}`.execute(admin.db);
            await admin.close();
            const scoped = new URL(url);
            scoped.searchParams.set('options', `-c search_path=${schema}`);
            const handle = createDb({ databaseUrl: scoped.href, sqliteFile: '' });
            return {
              ...handle,
              async close() {
                await sql`drop schema ${sql.id(schema)} cascade`.execute(handle.db);
                await handle.close();
              },
            };
          },
        },
      ]
    : []),
];
