import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyVariants } from '../../../src/lib/images/copy-variants.ts';
import { variantFilesIn } from '../../../src/lib/images/variant-files-in.ts';

const HERO = 'hero-800.0123456789.avif';
const CARD = 'card-320.abcdef0123.webp';
const page = (...files: string[]) => `<html><head><link rel="preload" as="image" imagesrcset="/_astro/images/${files[0]} 800w"></head>
  <body><picture><source srcset="${files.map((file) => `/_astro/images/${file} 320w`).join(', ')}"><img src="/images/original.jpg"></picture></body></html>`;

describe('variantFilesIn', () => {
  it.each([
    ['finds each variant of a page once, in src, srcset and preload hints', page(HERO, CARD), [HERO, CARD]],
    ['ignores originals and other build assets', '<img src="/images/a.jpg"><script src="/_astro/client.FVv06Hs5.js"></script>', []],
    ['ignores names that are not variant names', '<img src="/_astro/images/../secret-1.0123456789.jpg">', []],
  ])('%s', (_, html, files) => {
    expect([...variantFilesIn(html)]).toEqual(files);
  });
});

describe('copyVariants', () => {
  let root: string;
  let clientDir: string;
  let cacheDir: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-variants-'));
    clientDir = path.join(root, 'client');
    cacheDir = path.join(root, 'cache');
    fs.mkdirSync(path.join(clientDir, 'stories/a'), { recursive: true });
    fs.mkdirSync(cacheDir);
    for (const file of [HERO, CARD, 'unused-320.fedcba9876.jpg']) fs.writeFileSync(path.join(cacheDir, file), file);
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('copies the variants the pages show into /_astro/images/, and no others', async () => {
    fs.writeFileSync(path.join(clientDir, 'index.html'), page(HERO));
    fs.writeFileSync(path.join(clientDir, 'stories/a/index.html'), page(HERO, CARD));
    expect(await copyVariants({ clientDir, cacheDir })).toEqual({ files: new Set([HERO, CARD]), bytes: HERO.length + CARD.length });
    expect(fs.readdirSync(path.join(clientDir, '_astro/images')).sort()).toEqual([CARD, HERO]);
  });

  it('fails the build when a page shows a variant the cache does not have', async () => {
    fs.writeFileSync(path.join(clientDir, 'index.html'), page('gone-320.1111111111.avif'));
    await expect(copyVariants({ clientDir, cacheDir })).rejects.toThrow('/_astro/images/gone-320.1111111111.avif');
  });
});
