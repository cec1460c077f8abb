import type { Signer } from './create-signer.ts';

/** Cookie names: the advocate (who shares) and the attribution (which link a visitor came through). */
export const ADVOCATE_COOKIE = 'hub_adv';
export const ATTRIBUTION_COOKIE = 'hub_ref';
export const ADVOCATE_COOKIE_DAYS = 365;

/** The attribution cookie's value: the link a visitor came through and when, signed. */
export const attributionValue = (signer: Signer, code: string, time: number): string => signer.sign(`${code}.${time}`);

/**
 * The code of the link a visitor last came through, from their signed attribution cookie, while
 * it is within the attribution window; undefined otherwise.
 */
export function attributedCode(signed: string | undefined, deps: { signer: Signer; windowMs: number; now: number }): string | undefined {
  const value = deps.signer.verify(signed);
  if (!value) return undefined;
  const [code, issuedAt] = value.split('.');
  const age = deps.now - Number(issuedAt);
  if (!code || !(age >= 0) || age > deps.windowMs) return undefined;
  return code;
}
