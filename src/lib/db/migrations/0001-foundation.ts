import { sql, type Kysely } from 'kysely';

/** Installation facts; later domains add their own tables in their own migrations. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('hub_meta')
    .addColumn('key', 'varchar(100)', (column) => column.primaryKey())
    .addColumn('value', 'text', (column) => column.notNull())
    .addColumn('updated_at', 'varchar(32)', (column) =>
      column.notNull().defaultTo(sql`CURRENT_TIMESTAMP`),
    )
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('hub_meta').execute();
}
