import type { Kysely } from 'kysely';

/**
 * Visitor stories and their moderation, slugs of withdrawn stories, and the built-in editor
 * account. No IP address anywhere: `visitor` is the keyed daily hash of the referral feature.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('submissions')
    .addColumn('id', 'varchar(16)', (c) => c.primaryKey())
    // sha256 of the private link's secret: the link itself is never stored.
    .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('title', 'varchar(160)', (c) => c.notNull())
    .addColumn('story', 'text', (c) => c.notNull())
    .addColumn('cause', 'varchar(80)', (c) => c.notNull())
    .addColumn('display_name', 'varchar(80)')
    .addColumn('email', 'varchar(254)', (c) => c.notNull())
    .addColumn('photo', 'varchar(64)')
    .addColumn('consent_text', 'text', (c) => c.notNull())
    .addColumn('consented_at', 'bigint', (c) => c.notNull())
    .addColumn('visitor', 'varchar(32)', (c) => c.notNull())
    .addColumn('fingerprint', 'varchar(64)', (c) => c.notNull())
    .addColumn('moderator_note', 'text')
    .addColumn('story_slug', 'varchar(160)')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('submissions_status').on('submissions').columns(['status', 'created_at']).execute();
  await db.schema.createIndex('submissions_visitor').on('submissions').columns(['visitor', 'created_at']).execute();
  await db.schema.createIndex('submissions_fingerprint').on('submissions').column('fingerprint').execute();

  await db.schema
    .createTable('withdrawn_stories')
    .addColumn('slug', 'varchar(160)', (c) => c.primaryKey())
    .addColumn('withdrawn_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('editors')
    .addColumn('name', 'varchar(40)', (c) => c.primaryKey())
    .addColumn('password_hash', 'varchar(255)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['editors', 'withdrawn_stories', 'submissions']) await db.schema.dropTable(table).execute();
}
