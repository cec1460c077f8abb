import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IncomingMessage } from 'node:http';
import type { DbHandle } from '../../../src/lib/db/create-db.ts';
import { createSigner } from '../../../src/lib/referrals/create-signer.ts';
import { createVisitorHasher } from '../../../src/lib/referrals/create-visitor-hasher.ts';
import { clientCountry } from '../../../src/server/http/cookies.ts';
import { migratedDatabases } from '../../helpers/migrated-db.ts';

describe.each(migratedDatabases)('visitor hash on $name', ({ open }) => {
  let handle: DbHandle;
  beforeEach(async () => {
    handle = await open();
  });
  afterEach(async () => {
    await handle.close();
  });

  it('is stable within a day, differs across days, links and people, and never contains the IP', async () => {
    const hasher = createVisitorHasher(handle.db);
    const a = await hasher.hash('2026-11-02', '203.0.113.7', 'UA', 'CODE000001');
    expect(await hasher.hash('2026-11-02', '203.0.113.7', 'UA', 'CODE000001')).toBe(a);
    expect(await hasher.hash('2026-11-02', '203.0.113.8', 'UA', 'CODE000001')).not.toBe(a);
    expect(await hasher.hash('2026-11-02', '203.0.113.7', 'UA', 'CODE000002')).not.toBe(a);
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(await hasher.hash('2026-11-03', '203.0.113.7', 'UA', 'CODE000001')).not.toBe(a);
  });

  it("deletes a day's salt once the next day starts", async () => {
    const hasher = createVisitorHasher(handle.db);
    await hasher.hash('2026-11-02', 'ip', 'ua', 'CODE000001');
    await hasher.hash('2026-11-03', 'ip', 'ua', 'CODE000001');
    const days = await handle.db.selectFrom('visitor_salts').select('day').execute();
    expect(days).toEqual([{ day: '2026-11-03' }]);
  });

  it('shares the salt between instances using the same database', async () => {
    const one = createVisitorHasher(handle.db);
    const two = createVisitorHasher(handle.db);
    expect(await one.hash('2026-11-02', 'ip', 'ua', 'CODE000001')).toBe(await two.hash('2026-11-02', 'ip', 'ua', 'CODE000001'));
  });
});

describe('createSigner', () => {
  const signer = createSigner(Buffer.alloc(32, 7));
  it('round-trips a value', () => {
    expect(signer.verify(signer.sign('advocate-1'))).toBe('advocate-1');
  });
  it.each([
    ['a forged value', () => signer.sign('advocate-1').replace('advocate-1', 'advocate-2')],
    ['a truncated signature', () => signer.sign('advocate-1').slice(0, -2)],
    ['no signature', () => 'advocate-1'],
    ['another secret', () => createSigner(Buffer.alloc(32, 8)).sign('advocate-1')],
  ])('rejects %s', (_name, make) => {
    expect(signer.verify(make())).toBeUndefined();
  });
});

describe('country from a trusted proxy header', () => {
  const request = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;
  it.each([
    [{ 'cf-ipcountry': 'gb' }, true, 'GB'],
    [{ 'cloudfront-viewer-country': 'DE' }, true, 'DE'],
    [{ 'cf-ipcountry': 'GB' }, false, null],
    [{ 'cf-ipcountry': 'XX' }, true, null],
    [{ 'cf-ipcountry': 'T1' }, true, null],
    [{ 'x-country-code': '<script>' }, true, null],
    [{}, true, null],
  ])('%o with TRUST_PROXY=%s gives %s', (headers, trusted, expected) => {
    expect(clientCountry(request(headers), trusted)).toBe(expected);
  });
});
