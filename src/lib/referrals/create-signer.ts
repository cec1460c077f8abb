import { createHmac, createSecretKey, timingSafeEqual } from 'node:crypto';

/** Signs cookie values with HMAC-SHA256 so a visitor cannot forge another advocate or link. */
export function createSigner(secret: Buffer) {
  // A key object is made once: HMACs over it skip copying the secret on every call (the redirect signs one per click).
  const key = createSecretKey(secret);
  const mac = (value: string) => createHmac('sha256', key).update(value).digest('base64url').slice(0, 27);
  return {
    sign: (value: string) => `${value}.${mac(value)}`,
    /** The value when the signature matches, otherwise undefined. */
    verify(signed: string | undefined): string | undefined {
      if (!signed) return undefined;
      const dot = signed.lastIndexOf('.');
      if (dot <= 0) return undefined;
      const value = signed.slice(0, dot);
      const given = Buffer.from(signed.slice(dot + 1));
      const expected = Buffer.from(mac(value));
      return given.length === expected.length && timingSafeEqual(given, expected) ? value : undefined;
    },
  };
}

export type Signer = ReturnType<typeof createSigner>;
