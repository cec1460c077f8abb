import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAssetLoader, twemojiName } from '../../../src/lib/cards/create-asset-loader.ts';
import { createCardRenderer, type CardRenderer } from '../../../src/lib/cards/create-card-renderer.ts';
import { CARD_DIMENSIONS, cardSizes, type CardContent } from '../../../src/lib/cards/schema.ts';
import { brand, PUBLIC_DIR, story } from './card-fixtures.ts';

/** Reference cards; after an intended template change: UPDATE_GOLDEN=1 npm run test:unit, then look at them. */
const GOLDEN = path.join(import.meta.dirname, 'golden');

let renderer: CardRenderer;
beforeAll(() => {
  renderer = createCardRenderer({ publicDir: PUBLIC_DIR });
});

const pixels = (png: Buffer) => sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });

/** Mean absolute difference per channel (0-255) and the share of pixels that differ visibly. */
async function difference(a: Buffer, b: Buffer, region?: { left: number; top: number; width: number; height: number }) {
  const crop = (png: Buffer) => (region ? sharp(png).extract(region).png().toBuffer() : Promise.resolve(png));
  const [x, y] = await Promise.all([pixels(await crop(a)), pixels(await crop(b))]);
  let total = 0;
  let differing = 0;
  for (let i = 0; i < x.data.length; i += 3) {
    const delta = Math.abs(x.data[i]! - y.data[i]!) + Math.abs(x.data[i + 1]! - y.data[i + 1]!) + Math.abs(x.data[i + 2]! - y.data[i + 2]!);
    total += delta;
    if (delta > 48) differing += 1;
  }
  const count = x.data.length / 3;
  return { mean: total / (count * 3), share: differing / count };
}

const withTitle = (title: string, extra: Partial<CardContent> = {}): CardContent => ({ ...story, title, ...extra });

describe('createCardRenderer', { timeout: 30_000 }, () => {
  it.each(cardSizes)('draws the %s card as a valid PNG of the exact size', async (size) => {
    const png = await renderer.renderStory(story, brand, size);
    const meta = await sharp(png).metadata();
    expect(meta.format).toBe('png');
    expect({ width: meta.width, height: meta.height }).toEqual(CARD_DIMENSIONS[size]);
  });

  it.each(cardSizes)('matches the golden %s card within a small tolerance', async (size) => {
    const png = await renderer.renderStory(story, brand, size);
    const golden = path.join(GOLDEN, `story-${size}.png`);
    if (process.env.UPDATE_GOLDEN === '1' || !fs.existsSync(golden)) fs.writeFileSync(golden, png);
    const { mean, share } = await difference(png, fs.readFileSync(golden));
    expect(mean).toBeLessThan(1.5);
    expect(share).toBeLessThan(0.005);
  });

  it('draws a story without a customer photo (initials instead)', async () => {
    const png = await renderer.renderStory({ ...story, customer: { name: 'Joaquín Pérez', role: 'Forestry student, Granada' } }, brand, 'og');
    expect((await sharp(png).metadata()).width).toBe(1200);
    expect((await difference(png, await renderer.renderStory(story, brand, 'og'))).share).toBeGreaterThan(0);
  });

  it.each(cardSizes)('keeps a very long title inside the %s card', async (size) => {
    const title = 'A very long title about a jacket that was mended in Kendal, carried up Ben Nevis and the Mulhacén, and then handed on to a forestry student who wore it for another ten winters';
    const png = await renderer.renderStory(withTitle(title.slice(0, 160)), brand, size);
    const { width, height } = CARD_DIMENSIONS[size];
    expect(await sharp(png).metadata()).toMatchObject({ width, height });
    // The footer (logo, address) is still drawn where the short title puts it: nothing was pushed out.
    const footer = { left: 0, top: height - 90, width: size === 'og' ? 700 : width, height: 90 };
    expect((await difference(png, await renderer.renderStory(story, brand, size), footer)).share).toBeLessThan(0.01);
  });

  it.each([
    ['Japanese', '修理して使い続ける', '使い続けて修理する'],
    ['Arabic', 'إصلاح الملابس', 'ملابس الإصلاح'],
    ['emoji', 'Mended 🧵🧵🧵', 'Mended 🏔️🏔️🏔️'],
    ['accented Latin', 'Łódź, Årø, Ærø', 'Žižkov, Ğüş, Øß'],
  ])('draws %s text with real glyphs, not blank and not tofu boxes', async (_name, first, second) => {
    const title = { left: 56, top: 200, width: 650, height: 200 };
    const [a, b, blank] = await Promise.all([
      renderer.renderStory(withTitle(first), brand, 'og'),
      renderer.renderStory(withTitle(second), brand, 'og'),
      renderer.renderStory(withTitle('\u00a0'), brand, 'og'),
    ]);
    // Not blank: the title area has ink where the card without a title has none.
    expect((await difference(a, blank, title)).share).toBeGreaterThan(0.005);
    // Not tofu: missing glyphs are identical boxes, so two different texts of equal length would match.
    expect((await difference(a, b, title)).share).toBeGreaterThan(0.002);
  });

  it('personalizes an Open Graph card with the advocate name, leaving the rest untouched', async () => {
    const base = await renderer.renderStory(story, brand, 'og');
    const personal = await renderer.personalize(base, 'Ana Lúcia', brand);
    expect(await sharp(personal).metadata()).toMatchObject({ width: 1200, height: 630, format: 'png' });
    expect((await difference(personal, base, { left: 700, top: 20, width: 500, height: 80 })).share).toBeGreaterThan(0.02);
    expect((await difference(personal, base, { left: 0, top: 120, width: 700, height: 510 })).mean).toBe(0);
  });

  it.each(cardSizes)('draws a %s celebration card for milestones', async (size) => {
    const png = await renderer.renderCelebration({ figure: '1,000', label: 'people reached by this story', title: story.title }, brand, size);
    expect(await sharp(png).metadata()).toMatchObject({ ...CARD_DIMENSIONS[size], format: 'png' });
  });
});

describe('createAssetLoader', () => {
  const load = createAssetLoader();

  it.each([
    ['🧵', '1f9f5'],
    ['🏔️', '1f3d4'],
    ['👩‍🔧', '1f469-200d-1f527'],
  ])('names the Twemoji file of %s', (emoji, name) => {
    expect(twemojiName(emoji)).toBe(name);
  });

  it('loads emoji as SVG images from the npm package, never from the network', async () => {
    expect(await load('emoji', '🧵')).toMatch(/^data:image\/svg\+xml;base64,/);
  });

  it.each([
    ['ja-JP', '修理'],
    ['ar-AR', 'إصلاح'],
    ['he-IL', 'תיקון'],
    ['devanagari', 'मरम्मत'],
    ['th-TH', 'ซ่อม'],
  ])('finds a fallback font for %s text', async (code, text) => {
    const fonts = (await load(code, text)) as { data: Buffer }[];
    expect(fonts.length).toBeGreaterThan(0);
    expect(fonts.every((font) => font.data.length > 1000)).toBe(true);
  });
});
