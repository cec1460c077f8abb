import fs from 'node:fs';
import path from 'node:path';
import { fontsourceDir, fontsourceFile, fontsourceSubsets, type CardFont } from './load-card-fonts.ts';

/**
 * Fonts for scripts the card typefaces lack, each an npm package. Noto Sans JP also covers most
 * Chinese characters; Cyrillic, Greek and Vietnamese come with Inter itself.
 */
const FALLBACK_PACKAGES = [
  { pkg: '@fontsource/noto-sans-jp', family: 'noto-sans-jp' },
  { pkg: '@fontsource/noto-sans-arabic', family: 'noto-sans-arabic' },
  { pkg: '@fontsource/noto-sans-hebrew', family: 'noto-sans-hebrew' },
  { pkg: '@fontsource/noto-sans-devanagari', family: 'noto-sans-devanagari' },
  { pkg: '@fontsource/noto-sans-thai', family: 'noto-sans-thai' },
];

/** Twemoji file name of an emoji grapheme: code points in hex joined by "-", FE0F dropped unless in a ZWJ sequence. */
export function twemojiName(grapheme: string): string {
  const text = grapheme.includes('\u200d') ? grapheme : grapheme.replace(/\ufe0f/g, '');
  return [...text].map((char) => char.codePointAt(0)!.toString(16)).join('-');
}

type SatoriAsset = string | CardFont[];

/**
 * satori's `loadAdditionalAsset`: emoji become Twemoji SVGs (from the @twemoji/svg package), other
 * text the card fonts cannot draw gets the Noto subsets that cover it. Nothing is fetched from the
 * network; everything loaded is kept for the next card.
 */
export function createAssetLoader() {
  const emojiDir = fontsourceDir('@twemoji/svg');
  const subsets = FALLBACK_PACKAGES.flatMap(({ pkg, family }) =>
    fontsourceSubsets(pkg)
      .filter(({ subset }) => !subset.startsWith('latin'))
      .map((entry) => ({ ...entry, pkg, family })),
  );
  const emoji = new Map<string, string>();
  const fonts = new Map<string, CardFont>();

  function emojiImage(grapheme: string): string {
    const hit = emoji.get(grapheme);
    if (hit !== undefined) return hit;
    let svg = '';
    for (const name of [twemojiName(grapheme), twemojiName(grapheme.replace(/\ufe0f/g, ''))]) {
      const file = emojiDir && path.join(emojiDir, `${name}.svg`);
      if (file && fs.existsSync(file)) {
        svg = `data:image/svg+xml;base64,${fs.readFileSync(file).toString('base64')}`;
        break;
      }
    }
    emoji.set(grapheme, svg);
    return svg;
  }

  function fontsFor(text: string): CardFont[] {
    const points = [...text].map((char) => char.codePointAt(0)!);
    const wanted = subsets.filter(({ ranges }) => points.some((point) => ranges.some(([from, to]) => point >= from && point <= to)));
    return wanted.map(({ pkg, family, subset }) => {
      const name = `${family} ${subset}`;
      let font = fonts.get(name);
      if (!font) {
        font = { name, data: fontsourceFile(pkg, family, subset, 400, 'normal'), weight: 400, style: 'normal' };
        fonts.set(name, font);
      }
      return font;
    });
  }

  return async function loadAdditionalAsset(languageCode: string, segment: string): Promise<SatoriAsset> {
    if (languageCode === 'emoji') return emojiImage(segment);
    return fontsFor(segment);
  };
}
