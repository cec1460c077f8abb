import type { Signer } from './create-signer.ts';

const PREFIX = 'recover.';

/** The private link an advocate keeps to open /me on another device: a signed advocate id. */
export function recoveryPath(signer: Signer, advocateId: string): string {
  return `/me/recover/${signer.sign(`${PREFIX}${advocateId}`)}/`;
}

/** The advocate id of a recovery token, when its signature holds. */
export function readRecoveryToken(signer: Signer, token: string): string | undefined {
  const value = signer.verify(token);
  return value?.startsWith(PREFIX) ? value.slice(PREFIX.length) : undefined;
}
