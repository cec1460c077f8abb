import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { PNG_OPTIONS, sitePathToFile } from './create-card-renderer.ts';
import type { CardBrand, CardContent, CardSize, Celebration } from './schema.ts';
import { TEMPLATE_VERSION } from './story-card.ts';

const require = createRequire(import.meta.url);

/** Versions of everything that changes pixels without changing content: renderer, fonts, emoji. */
const RENDERER_PACKAGES = ['satori', 'sharp', '@fontsource/inter', '@fontsource/fraunces', '@twemoji/svg', '@fontsource/noto-sans-jp'];
const rendererVersions = RENDERER_PACKAGES.map((pkg) => {
  try {
    return `${pkg}@${(require(`${pkg}/package.json`) as { version: string }).version}`;
  } catch {
    return `${pkg}@none`;
  }
}).join(',');

/**
 * Cache keys of cards: a hash of everything drawn (template version, format, content, brand,
 * the bytes of every image, renderer and font versions). Equal keys mean equal pixels, so a key
 * is also the card's strong ETag. Image hashes are kept per file for the life of the process.
 */
export function createCardKeys(publicDir: string) {
  const fileHashes = new Map<string, string>();
  const fileHash = (sitePath: string | undefined) => {
    if (!sitePath) return '-';
    let hash = fileHashes.get(sitePath);
    if (!hash) {
      const file = sitePathToFile(publicDir, sitePath);
      hash = file && fs.existsSync(file) ? createHash('sha256').update(fs.readFileSync(file)).digest('hex') : 'missing';
      fileHashes.set(sitePath, hash);
    }
    return hash;
  };
  const digest = (parts: unknown[]) => createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 32);

  return {
    /** Key of a story or journey card in one format. */
    story(content: CardContent, brand: CardBrand, size: CardSize): string {
      const images = [fileHash(content.image), fileHash(content.customer.photo), fileHash(brand.logo)];
      return digest(['story', TEMPLATE_VERSION, rendererVersions, PNG_OPTIONS, size, content, brand, images]);
    },
    /** Key of a celebration card (a win) in one format. */
    celebration(celebration: Celebration, brand: CardBrand, size: CardSize): string {
      return digest(['celebration', TEMPLATE_VERSION, rendererVersions, PNG_OPTIONS, size, celebration, brand, [fileHash(brand.logo)]]);
    },
    /** Key of a personalized card: its base card and the name on it. */
    personal(baseKey: string, name: string): string {
      return digest(['personal', TEMPLATE_VERSION, baseKey, name]);
    },
  };
}

export type CardKeys = ReturnType<typeof createCardKeys>;
