import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pruneImageCache } from '../../../src/lib/images/prune-image-cache.ts';

describe('pruneImageCache', () => {
  let cacheDir: string;
  beforeEach(() => {
    cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-image-cache-'));
    for (const file of [
      'hero.0123456789.json', 'hero-320.0123456789.avif', 'hero-640.0123456789.avif',
      'hero.fedcba9876.json', 'hero-320.fedcba9876.avif',
      'withdrawn.1111111111.json', 'withdrawn-320.1111111111.jpg',
      'hero-640.0123456789.avif.123.abc.tmp',
    ]) fs.writeFileSync(path.join(cacheDir, file), file);
  });
  afterEach(() => fs.rmSync(cacheDir, { recursive: true, force: true }));

  it.each([
    ['keeps the variants the site shows and their entries', ['hero-320.0123456789.avif'], ['hero-320.0123456789.avif', 'hero.0123456789.json']],
    ['drops everything when the site shows no uploaded image', [], []],
  ])('%s, drops the rest (an older version of a photo, a withdrawn photo, temporary files)', async (_, used, kept) => {
    const removed = await pruneImageCache(cacheDir, new Set(used));
    expect(fs.readdirSync(cacheDir).sort()).toEqual(kept.sort());
    expect(removed).toBe(8 - kept.length);
  });

  it('does nothing when there is no cache yet', async () => {
    expect(await pruneImageCache(path.join(cacheDir, 'missing'), new Set())).toBe(0);
  });
});
