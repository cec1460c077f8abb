import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Signer } from '../referrals/create-signer.ts';
import { DAY_MS } from '../time/utc-day.ts';

/** A stamp is honoured for a day after it was issued; older pages must be reloaded. */
export const STAMP_MAX_AGE_MS = DAY_MS;

/**
 * The signed "form served at" stamp of /submit: bots post faster than people type, and a stamp
 * cannot be forged. `age` is how long ago a stamp was issued, undefined for a forged or
 * malformed one. A stamp is good for one story: `use` records it in the database (shared by
 * every instance) and answers false when it was used before.
 */
export function createFormStamps(signer: Signer, db: Kysely<Database>, now: () => number) {
  const issuedAt = (stamp: unknown): number => Number(signer.verify(typeof stamp === 'string' ? stamp : undefined));
  return {
    issue: (): string => signer.sign(String(now())),
    age(stamp: unknown): number | undefined {
      const issued = issuedAt(stamp);
      return Number.isFinite(issued) ? now() - issued : undefined;
    },
    /** Marks a valid stamp used; false when it had been used already. */
    async use(stamp: string): Promise<boolean> {
      const result = await db
        .insertInto('used_form_stamps')
        .values({ stamp_hash: createHash('sha256').update(stamp).digest('hex'), expires_at: issuedAt(stamp) + STAMP_MAX_AGE_MS })
        .onConflict((conflict) => conflict.column('stamp_hash').doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
    },
    /** Forgets stamps too old to be accepted anyway. */
    async prune(): Promise<void> {
      await db.deleteFrom('used_form_stamps').where('expires_at', '<=', now()).execute();
    },
  };
}

export type FormStamps = ReturnType<typeof createFormStamps>;
