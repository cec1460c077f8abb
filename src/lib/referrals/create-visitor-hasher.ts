import { createHmac, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/**
 * Visitor hash = HMAC(daily salt, IP + user agent + link code), 128 bits in hex. The IP is never
 * stored; the salt of a day is random, shared by instances through the database, and deleted
 * once the day is over, after which no hash can be linked back to a visitor.
 */
export function createVisitorHasher(db: Kysely<Database>) {
  let current: { day: string; salt: KeyObject } | undefined;
  let loading: Promise<void> | undefined;

  async function load(day: string) {
    await db
      .insertInto('visitor_salts')
      .values({ day, salt: randomBytes(32).toString('base64url') })
      .onConflict((conflict) => conflict.column('day').doNothing())
      .execute();
    const row = await db.selectFrom('visitor_salts').select('salt').where('day', '=', day).executeTakeFirstOrThrow();
    await db.deleteFrom('visitor_salts').where('day', '<', day).execute();
    current = { day, salt: createSecretKey(Buffer.from(row.salt, 'base64url')) };
  }

  async function saltFor(day: string): Promise<KeyObject> {
    // A click stamped just before midnight but hashed after it uses the new day's salt.
    if (current && day < current.day) return current.salt;
    while (current?.day !== day) {
      loading ??= load(day).finally(() => {
        loading = undefined;
      });
      await loading;
    }
    return current.salt;
  }

  return {
    hash(day: string, ip: string, userAgent: string, code: string): Promise<string> {
      const digest = (salt: KeyObject) => createHmac('sha256', salt).update(`${ip}\n${userAgent}\n${code}`).digest('hex').slice(0, 32);
      // The salt of the day is almost always loaded already: skip the extra await.
      if (current?.day === day) return Promise.resolve(digest(current.salt));
      return saltFor(day).then(digest);
    },
  };
}

export type VisitorHasher = ReturnType<typeof createVisitorHasher>;
