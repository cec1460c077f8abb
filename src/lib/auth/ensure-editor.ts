import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { hashPassword, verifyPassword } from './hash-password.ts';

/** The built-in editor account's name. */
export const EDITOR_NAME = 'editor';

/**
 * Makes sure the built-in editor account exists. With `password` (HUB_ADMIN_PASSWORD) the
 * account uses it (updated when it changed); without, the first start generates one and returns
 * it so it can be printed once; later starts keep the stored hash and return nothing.
 */
export async function ensureEditor(db: Kysely<Database>, password: string | undefined, now = Date.now): Promise<{ generatedPassword?: string }> {
  const row = await db.selectFrom('editors').select('password_hash').where('name', '=', EDITOR_NAME).executeTakeFirst();
  if (password) {
    if (row && (await verifyPassword(password, row.password_hash))) return {};
    const hash = await hashPassword(password);
    await db
      .insertInto('editors')
      .values({ name: EDITOR_NAME, password_hash: hash, created_at: now() })
      .onConflict((conflict) => conflict.column('name').doUpdateSet({ password_hash: hash }))
      .execute();
    return {};
  }
  if (row) return {};
  const generated = randomBytes(15).toString('base64url');
  const inserted = await db
    .insertInto('editors')
    .values({ name: EDITOR_NAME, password_hash: await hashPassword(generated), created_at: now() })
    .onConflict((conflict) => conflict.column('name').doNothing())
    .executeTakeFirst();
  // Another instance may have created the account at the same moment: then its password counts.
  return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0 ? { generatedPassword: generated } : {};
}
