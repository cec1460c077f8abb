import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { toShareLink } from './create-share-link.ts';
import type { ShareLink } from './schema.ts';

/** A share link by code, or undefined. */
export async function getShareLink(db: Kysely<Database>, code: string): Promise<ShareLink | undefined> {
  const row = await db.selectFrom('share_links').selectAll().where('code', '=', code).executeTakeFirst();
  return row ? toShareLink(row) : undefined;
}
