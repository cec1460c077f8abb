import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/** A font as satori takes it. */
export type CardFont = { name: string; data: Buffer; weight: 400 | 600 | 700; style: 'normal' | 'italic' };

/** Folder of an installed @fontsource package, or undefined when it is not installed. */
export function fontsourceDir(pkg: string): string | undefined {
  try {
    return path.dirname(require.resolve(`${pkg}/package.json`));
  } catch {
    return undefined;
  }
}

type Subset = { subset: string; ranges: [number, number][] };
const subsetsByPackage = new Map<string, Subset[]>();

/** The subsets of a fontsource package with the code point ranges each covers (read once). */
export function fontsourceSubsets(pkg: string): Subset[] {
  let subsets = subsetsByPackage.get(pkg);
  if (!subsets) {
    subsets = readSubsets(pkg);
    subsetsByPackage.set(pkg, subsets);
  }
  return subsets;
}

function readSubsets(pkg: string): Subset[] {
  const dir = fontsourceDir(pkg);
  if (!dir) return [];
  const unicode = JSON.parse(fs.readFileSync(path.join(dir, 'unicode.json'), 'utf8')) as Record<string, string>;
  return Object.entries(unicode).map(([subset, list]) => ({
    subset: subset.replace(/^\[(\d+)\]$/, '$1'),
    ranges: list.split(',').map((part) => {
      const [from, to] = part.trim().replace(/^U\+/i, '').split('-');
      return [parseInt(from!, 16), parseInt(to ?? from!, 16)] as [number, number];
    }),
  }));
}

/** One .woff file of a fontsource package (satori reads WOFF, not WOFF2-only builds). */
export function fontsourceFile(pkg: string, family: string, subset: string, weight: number, style: 'normal' | 'italic'): Buffer {
  const dir = fontsourceDir(pkg);
  if (!dir) throw new Error(`font package ${pkg} is not installed`);
  return fs.readFileSync(path.join(dir, 'files', `${family}-${subset}-${weight}-${style}.woff`));
}

/** The card typefaces: Fraunces for headlines and quotes, Inter for everything else. */
const FAMILIES = [
  { pkg: '@fontsource/fraunces', family: 'fraunces', name: 'Fraunces', faces: [[600, 'normal'], [400, 'italic']] },
  { pkg: '@fontsource/inter', family: 'inter', name: 'Inter', faces: [[400, 'normal'], [600, 'normal'], [700, 'normal']] },
] as const;

const latinFirst = (pkg: string) =>
  fontsourceSubsets(pkg)
    .map(({ subset }) => subset)
    .sort((a, b) => Number(b === 'latin') - Number(a === 'latin'));

/**
 * Every subset of the card typefaces, each under its own name ("Inter cyrillic"): satori keeps
 * one font per name, weight and style, so subsets sharing a name would hide each other. Latin
 * comes first under the plain family name; satori falls back across the others glyph by glyph.
 */
export function loadCardFonts(): CardFont[] {
  const fonts: CardFont[] = [];
  for (const { pkg, family, name, faces } of FAMILIES) {
    for (const subset of latinFirst(pkg)) {
      for (const [weight, style] of faces) {
        fonts.push({
          name: subset === 'latin' ? name : `${name} ${subset}`,
          data: fontsourceFile(pkg, family, subset, weight, style),
          weight,
          style,
        });
      }
    }
  }
  return fonts;
}

/** Font family lists for the templates: the family first, then its other subsets, then Inter's. */
export function fontStack(name: 'Fraunces' | 'Inter'): string {
  const names = (family: (typeof FAMILIES)[number]) =>
    latinFirst(family.pkg).map((subset) => (subset === 'latin' ? family.name : `${family.name} ${subset}`));
  const [fraunces, inter] = FAMILIES.map(names);
  const list = name === 'Fraunces' ? [...fraunces!, ...inter!] : inter!;
  return list.map((font) => `'${font}'`).join(', ');
}
