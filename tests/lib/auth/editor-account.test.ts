import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EDITOR_NAME, ensureEditor } from '../../../src/lib/auth/ensure-editor.ts';
import { hashPassword, verifyPassword } from '../../../src/lib/auth/hash-password.ts';
import type { DbHandle } from '../../../src/lib/db/create-db.ts';
import { migratedDatabases } from '../../helpers/migrated-db.ts';

describe('hashPassword', () => {
  it('stores a salted scrypt hash that verifies only the same password', async () => {
    const hash = await hashPassword('correct horse battery staple');
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{86}$/);
    expect(hash).not.toContain('correct');
    expect(await hashPassword('correct horse battery staple')).not.toBe(hash);
    expect(await verifyPassword('correct horse battery staple', hash)).toBe(true);
    expect(await verifyPassword('correct horse battery stapl', hash)).toBe(false);
    expect(await verifyPassword('anything', 'md5$abc')).toBe(false);
  });
});

describe.each(migratedDatabases)('the built-in editor account on $name', ({ open }) => {
  let handle: DbHandle;
  beforeEach(async () => {
    handle = await open();
  });
  afterEach(async () => {
    await handle.close();
  });
  const stored = async () =>
    (await handle.db.selectFrom('editors').select('password_hash').where('name', '=', EDITOR_NAME).executeTakeFirstOrThrow()).password_hash;

  it('generates a password once when none is configured, and keeps it on later starts', async () => {
    const first = await ensureEditor(handle.db, undefined);
    expect(first.generatedPassword).toMatch(/^[\w-]{20}$/);
    expect(await verifyPassword(first.generatedPassword!, await stored())).toBe(true);
    expect(await ensureEditor(handle.db, undefined)).toEqual({});
    expect(await verifyPassword(first.generatedPassword!, await stored())).toBe(true);
  });

  it('uses HUB_ADMIN_PASSWORD, and follows it when it changes', async () => {
    await ensureEditor(handle.db, undefined);
    expect(await ensureEditor(handle.db, 'first configured password')).toEqual({});
    expect(await verifyPassword('first configured password', await stored())).toBe(true);
    const hash = await stored();
    await ensureEditor(handle.db, 'first configured password');
    expect(await stored()).toBe(hash);
    await ensureEditor(handle.db, 'second configured password');
    expect(await verifyPassword('second configured password', await stored())).toBe(true);
  });
});
