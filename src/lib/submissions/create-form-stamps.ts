import type { Signer } from '../referrals/create-signer.ts';

/**
 * The signed "form served at" stamp of /submit: bots post faster than people type, and a stamp
 * cannot be forged. `age` is how long ago a stamp was issued, undefined for a forged or
 * malformed one.
 */
export function createFormStamps(signer: Signer, now: () => number) {
  return {
    issue: (): string => signer.sign(String(now())),
    age(stamp: unknown): number | undefined {
      const issued = Number(signer.verify(typeof stamp === 'string' ? stamp : undefined));
      return Number.isFinite(issued) ? now() - issued : undefined;
    },
  };
}

export type FormStamps = ReturnType<typeof createFormStamps>;
