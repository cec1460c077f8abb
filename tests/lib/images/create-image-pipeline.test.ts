import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createImagePipeline } from '../../../src/lib/images/create-image-pipeline.ts';
import type { ResponsivePicture } from '../../../src/lib/images/schema.ts';
import { VARIANT_URL_PREFIX } from '../../../src/lib/images/to-picture.ts';

/** A phone photo as editors upload it: 4000x3000, grainy (so it does not compress), with camera and GPS EXIF. */
async function phonePhoto(width: number, height: number, orientation?: number): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3);
  let seed = 7;
  for (let i = 0; i < pixels.length; i += 1) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    pixels[i] = ((i % (width * 3)) / (width * 3)) * 200 + ((seed >>> 24) % 48);
  }
  const image = sharp(pixels, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 92 })
    .withExif({ IFD0: { Make: 'PhoneCo', Model: 'Pocket 12' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '56/1 40/1 0/1' } });
  return (orientation ? image.withMetadata({ orientation }) : image).toBuffer();
}

const SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 460 120" width="460" height="120"><rect width="460" height="120" fill="#1f4d3a"/></svg>';

let root: string;
let publicDir: string;
let cacheDir: string;
const messages: string[] = [];
let pipeline: ReturnType<typeof createImagePipeline>;
let photo: ResponsivePicture;

const urlsOf = (srcset: string) => srcset.split(', ').map((candidate) => candidate.split(' '));
const fileOf = (url: string) => path.join(cacheDir, url.slice(VARIANT_URL_PREFIX.length));

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-images-'));
  publicDir = path.join(root, 'public');
  cacheDir = path.join(root, 'cache');
  fs.mkdirSync(path.join(publicDir, 'images/uploads'), { recursive: true });
  const write = (name: string, content: Buffer | string) => fs.writeFileSync(path.join(publicDir, 'images/uploads', name), content);
  write('IMG_2041 Phone.JPG', await phonePhoto(4000, 3000));
  write('portrait.jpg', await phonePhoto(600, 600));
  write('sideways.jpg', await phonePhoto(1200, 900, 6));
  write('cut-out.png', await sharp({ create: { width: 900, height: 600, channels: 4, background: { r: 200, g: 80, b: 40, alpha: 0.5 } } }).png().toBuffer());
  write('logo.svg', SVG);
  write('broken.jpg', 'not an image');
  fs.writeFileSync(path.join(root, 'secret.jpg'), await phonePhoto(400, 300));
  pipeline = createImagePipeline({ publicDir, cacheDir, log: (message) => messages.push(message) });
  photo = (await pipeline.picture('/images/uploads/IMG_2041%20Phone.JPG'))!;
}, 120_000);

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('a 4000x3000 phone photo', () => {
  const sets = () => [...photo.sources, photo.fallback];

  it('offers AVIF and WebP sources, best first, and a JPEG fallback', () => {
    expect(photo.sources.map((source) => source.type)).toEqual(['image/avif', 'image/webp']);
    expect(photo.fallback.type).toBe('image/jpeg');
    expect(photo.fallback.src).toMatch(/^\/_astro\/images\/img-2041-phone-800\.[0-9a-f]{10}\.jpg$/);
  });

  it('lists every width from 320 to 1600 px in each srcset', () => {
    for (const set of sets()) expect(urlsOf(set.srcset).map(([, width]) => width)).toEqual(['320w', '480w', '640w', '800w', '1024w', '1280w', '1600w']);
  });

  it('gives the largest variant as intrinsic size, in the upload aspect ratio', () => {
    expect({ width: photo.width, height: photo.height }).toEqual({ width: 1600, height: 1200 });
  });

  it.each([
    { type: 'image/avif', format: 'heif', maxKb: 100 },
    { type: 'image/webp', format: 'webp', maxKb: 150 },
    { type: 'image/jpeg', format: 'jpeg', maxKb: 200 },
  ])('writes real $type files, the 800 px one under $maxKb KB', async ({ type, format, maxKb }) => {
    const set = sets().find((candidate) => candidate.type === type)!;
    const [url] = urlsOf(set.srcset).find(([, width]) => width === '800w')!;
    expect((await sharp(fileOf(url!)).metadata()).format).toBe(format);
    expect(fs.statSync(fileOf(url!)).size / 1024).toBeLessThan(maxKb);
  });

  it('keeps the aspect ratio and strips EXIF, GPS, XMP and ICC from every variant', async () => {
    const variants = await Promise.all(sets().flatMap((set) => urlsOf(set.srcset)).map(async ([url, width]) => ({ width, metadata: await sharp(fileOf(url!)).metadata() })));
    expect(variants).toHaveLength(21);
    for (const { width, metadata } of variants) {
      expect(`${metadata.width}w`).toBe(width);
      expect(Math.abs(metadata.height! - (metadata.width! * 3) / 4)).toBeLessThanOrEqual(1);
      expect({ exif: metadata.exif, xmp: metadata.xmp, icc: metadata.icc }).toEqual({ exif: undefined, xmp: undefined, icc: undefined });
    }
  });

  it('is taken from the cache by the next build: nothing encoded again, no file rewritten', async () => {
    const files = fs.readdirSync(cacheDir).map((file) => [file, fs.statSync(path.join(cacheDir, file)).mtimeMs] as const);
    const nextBuild: string[] = [];
    const again = await createImagePipeline({ publicDir, cacheDir, log: (message) => nextBuild.push(message) }).picture('/images/uploads/IMG_2041%20Phone.JPG');
    expect(again).toEqual(photo);
    expect(nextBuild).toEqual([]);
    expect(fs.readdirSync(cacheDir).map((file) => [file, fs.statSync(path.join(cacheDir, file)).mtimeMs])).toEqual(files);
  });

  it('is encoded once per build however many pages show it', async () => {
    const before = messages.length;
    await Promise.all([pipeline.picture('/images/uploads/IMG_2041%20Phone.JPG'), pipeline.picture('/images/uploads/IMG_2041%20Phone.JPG?v=2')]);
    expect(messages.length).toBe(before);
  });
});

describe('other uploads', () => {
  it('never upscales: a 600 px portrait gets 320, 480 and 600', async () => {
    const picture = (await pipeline.picture('/images/uploads/portrait.jpg'))!;
    expect(urlsOf(picture.sources[0]!.srcset).map(([, width]) => width)).toEqual(['320w', '480w', '600w']);
    expect({ width: picture.width, height: picture.height }).toEqual({ width: 600, height: 600 });
  });

  it('turns a sideways phone photo upright from its EXIF orientation', async () => {
    const picture = (await pipeline.picture('/images/uploads/sideways.jpg'))!;
    expect({ width: picture.width, height: picture.height }).toEqual({ width: 900, height: 1200 });
    expect(await pipeline.size('/images/uploads/sideways.jpg')).toEqual({ width: 900, height: 1200 });
  });

  it('keeps transparency: AVIF and WebP with alpha, a PNG fallback instead of JPEG', async () => {
    const picture = (await pipeline.picture('/images/uploads/cut-out.png'))!;
    expect(picture.fallback.type).toBe('image/png');
    const [url] = urlsOf(picture.sources[1]!.srcset)[0]!;
    expect((await sharp(fileOf(url!)).metadata()).hasAlpha).toBe(true);
  });

  it.each([
    ['an SVG, which stays as it is', '/images/uploads/logo.svg'],
    ['a file that is not an image', '/images/uploads/broken.jpg'],
    ['a missing file', '/images/uploads/none.jpg'],
    ['a path outside the public folder', '/../secret.jpg'],
    ['an encoded path outside the public folder', '/%2e%2e/secret.jpg'],
    ['a malformed path', '/images/%E0%A4%A.jpg'],
  ])('has no variants for %s', async (_, src) => {
    expect(await pipeline.picture(src)).toBeUndefined();
  });

  it('says why an image is shown as it is', () => {
    expect(messages.filter((message) => message.includes('shown as it is'))).toEqual([
      expect.stringContaining('/images/uploads/broken.jpg could not be encoded'),
      expect.stringContaining('/images/uploads/none.jpg is not in'),
    ]);
  });

  it('reads the size of an SVG from its header', async () => {
    expect(await pipeline.size('/images/uploads/logo.svg')).toEqual({ width: 460, height: 120 });
  });
});
