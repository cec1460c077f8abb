import type { Kysely } from 'kysely';

/**
 * Abuse limits shared by every instance on one database.
 * - limit_counts: hits per limit, key and window (a UTC day or a minute). The key is a keyed
 *   hash made with the day's visitor salt (src/lib/referrals/create-visitor-hasher.ts), never a
 *   raw address; rows go once their window is over.
 * - used_form_stamps: the "form served at" stamps of /submit already sent once (a SHA-256 of the
 *   stamp), kept until the stamp would be too old anyway.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('limit_counts')
    .addColumn('rule', 'varchar(32)', (c) => c.notNull())
    .addColumn('key', 'varchar(32)', (c) => c.notNull())
    .addColumn('window_start', 'bigint', (c) => c.notNull())
    .addColumn('hits', 'integer', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('limit_counts_pk', ['rule', 'key', 'window_start'])
    .execute();
  await db.schema.createIndex('limit_counts_expires').on('limit_counts').column('expires_at').execute();
  await db.schema
    .createTable('used_form_stamps')
    .addColumn('stamp_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('used_form_stamps_expires').on('used_form_stamps').column('expires_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('used_form_stamps').execute();
  await db.schema.dropTable('limit_counts').execute();
}
