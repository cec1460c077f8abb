import fs from 'node:fs';
import path from 'node:path';
import satori from 'satori';
import sharp, { type OutputInfo, type PngOptions } from 'sharp';
import type { CardElement } from './card-element.ts';
import { celebrationCard } from './celebration-card.ts';
import { createAssetLoader } from './create-asset-loader.ts';
import { dropImageMasks } from './drop-image-masks.ts';
import { loadCardFonts } from './load-card-fonts.ts';
import { sharedByBadge, SHARED_BY_BADGE } from './shared-by-badge.ts';
import { CARD_DIMENSIONS, type CardBrand, type CardContent, type CardSize, type Celebration } from './schema.ts';
import { imageSlots, storyCard } from './story-card.ts';

/** PNG settings: level 3 encodes in about 2/3 of the time of the default 6, for ~15% more bytes. */
export const PNG_OPTIONS = { compressionLevel: 3, adaptiveFiltering: false } as const;

/** Resolves a site path (/images/x.jpg) inside `publicDir`; undefined when it escapes it. */
export function sitePathToFile(publicDir: string, sitePath: string): string | undefined {
  const file = path.resolve(publicDir, `.${sitePath}`);
  return file.startsWith(path.resolve(publicDir) + path.sep) ? file : undefined;
}

/**
 * Draws cards: satori lays out the template (fonts from npm packages, emoji and other scripts
 * through the asset loader) and sharp rasterizes and encodes it. Images are cropped to the size
 * they are drawn at before satori sees them (a full-size photo makes rasterizing 3x slower) and
 * kept for the next card.
 */
export function createCardRenderer(options: { publicDir: string; png?: PngOptions }) {
  const fonts = loadCardFonts();
  const loadAdditionalAsset = createAssetLoader();
  const png = options.png ?? PNG_OPTIONS;
  const images = new Map<string, Promise<string>>();
  const heroes = new Map<string, Promise<{ data: Buffer; info: OutputInfo }>>();

  /** The hero photo cropped to its slot, as raw pixels to composite (librsvg decoding it is slower). */
  function heroPixels(sitePath: string, width: number, height: number) {
    const key = `${sitePath}|${width}x${height}`;
    let hit = heroes.get(key);
    if (!hit) {
      const file = sitePathToFile(options.publicDir, sitePath);
      hit = file && fs.existsSync(file)
        ? sharp(file).resize(width, height, { fit: 'cover' }).removeAlpha().raw().toBuffer({ resolveWithObject: true })
        : Promise.reject(new Error(`card image ${sitePath} not found in ${options.publicDir}`));
      heroes.set(key, hit);
      hit.catch(() => heroes.delete(key));
    }
    return hit;
  }

  function image(sitePath: string, width: number, height: number, round = false): Promise<string> {
    const key = `${sitePath}|${width}x${height}|${round}`;
    let hit = images.get(key);
    if (!hit) {
      hit = (async () => {
        const file = sitePathToFile(options.publicDir, sitePath);
        if (!file || !fs.existsSync(file)) throw new Error(`card image ${sitePath} not found in ${options.publicDir}`);
        const isSvg = file.endsWith('.svg');
        const pipeline = sharp(file, isSvg ? { density: 144 } : {}).resize(width, height, { fit: isSvg ? 'contain' : 'cover', background: { r: 0, g: 0, b: 0, alpha: 0 } });
        const data = isSvg ? await pipeline.png().toBuffer() : await pipeline.jpeg({ quality: 86, mozjpeg: false }).toBuffer();
        return `data:image/${isSvg ? 'png' : 'jpeg'};base64,${data.toString('base64')}`;
      })();
      images.set(key, hit);
      hit.catch(() => images.delete(key));
    }
    return hit;
  }

  async function svgOf(element: CardElement, width: number, height: number): Promise<string> {
    return dropImageMasks(await satori(element as Parameters<typeof satori>[0], { width, height, fonts, loadAdditionalAsset }));
  }

  async function draw(element: CardElement, width: number, height: number): Promise<Buffer> {
    return sharp(Buffer.from(await svgOf(element, width, height))).png(png).toBuffer();
  }

  return {
    /** The PNG of a story or journey card in one format. */
    async renderStory(content: CardContent, brand: CardBrand, size: CardSize): Promise<Buffer> {
      const slots = imageSlots(size);
      const [hero, photo, logo] = await Promise.all([
        heroPixels(content.image, slots.hero.width, slots.hero.height),
        content.customer.photo ? image(content.customer.photo, slots.photo.width, slots.photo.height) : undefined,
        image(brand.logo, slots.logo.width, slots.logo.height),
      ]);
      const { width, height } = CARD_DIMENSIONS[size];
      const svg = await svgOf(storyCard(content, brand, size, { hero: undefined, photo, logo }), width, height);
      return sharp(Buffer.from(svg))
        .composite([{ input: hero.data, raw: hero.info, left: slots.hero.left, top: slots.hero.top }])
        .removeAlpha()
        .png(png)
        .toBuffer();
    },

    /** A base Open Graph card with the "shared by <name>" badge composited onto it. */
    async personalize(base: Buffer, name: string, brand: CardBrand): Promise<Buffer> {
      const badge = await draw(sharedByBadge(name, brand), SHARED_BY_BADGE.width, SHARED_BY_BADGE.height);
      return sharp(base).composite([{ input: badge, left: SHARED_BY_BADGE.left, top: SHARED_BY_BADGE.top }]).removeAlpha().png(png).toBuffer();
    },

    /** A celebration card for a milestone, in one format. */
    async renderCelebration(celebration: Celebration, brand: CardBrand, size: CardSize): Promise<Buffer> {
      const slots = imageSlots(size);
      const logo = await image(brand.logo, slots.logo.width, slots.logo.height);
      const { width, height } = CARD_DIMENSIONS[size];
      return draw(celebrationCard(celebration, brand, size, logo), width, height);
    },
  };
}

export type CardRenderer = ReturnType<typeof createCardRenderer>;
