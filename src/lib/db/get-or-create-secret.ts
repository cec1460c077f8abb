import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

/**
 * A random secret kept in hub_meta under `key`, created on first use. Every instance sharing the
 * database reads the same one, so cookies signed by one are accepted by all.
 */
export async function getOrCreateSecret(db: Kysely<Database>, key: string): Promise<Buffer> {
  await db
    .insertInto('hub_meta')
    .values({ key, value: randomBytes(32).toString('base64url') })
    .onConflict((conflict) => conflict.column('key').doNothing())
    .execute();
  const row = await db.selectFrom('hub_meta').select('value').where('key', '=', key).executeTakeFirstOrThrow();
  return Buffer.from(row.value, 'base64url');
}
