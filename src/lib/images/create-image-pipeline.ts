import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { encodeVariants } from './encode-variants.ts';
import { FALLBACK_FORMATS, SOURCE_FORMATS } from './image-formats.ts';
import { cacheEntrySchema, type CacheEntry, type ResponsivePicture } from './schema.ts';
import { toPicture } from './to-picture.ts';
import { VARIANT_WIDTHS } from './variant-widths.ts';
import { writeAtomically } from './write-atomically.ts';

/** Bump when encoding changes in a way the settings below do not show, so every image is encoded again. */
const PIPELINE_VERSION = 1;

/** Everything besides the upload's bytes that decides the output: part of every cache key. */
const SETTINGS = JSON.stringify([PIPELINE_VERSION, sharp.versions, VARIANT_WIDTHS, SOURCE_FORMATS, FALLBACK_FORMATS]);

/** Formats drawn as they are: vectors scale by themselves, and re-encoding a GIF would stop its animation. */
const AS_IS = new Set(['.svg', '.gif']);

export type ImagePipelineOptions = {
  /** The site's public folder: image paths such as /images/x.jpg are read from it. */
  publicDir: string;
  /** Where variants and their cache entries live between builds (outside dist/). */
  cacheDir: string;
  /** Told about every image encoded and every image that could not be read. */
  log?: (message: string) => void;
};

export type ImagePipeline = {
  /**
   * The responsive variants of a raster image under the public folder, encoded on first use
   * and then taken from the cache (keyed by a hash of the file and the settings); undefined for
   * SVG and GIF, a path outside the public folder, a missing file or one that does not decode:
   * show those as they are.
   */
  picture(src: string): Promise<ResponsivePicture | undefined>;
  /** Intrinsic size of any image under the public folder (SVG included), from its header; remembered until the file changes. */
  size(src: string): Promise<{ width: number; height: number } | undefined>;
};

/** A safe file name part from the upload's name: "Fourteen Winters.JPG" -> "fourteen-winters". */
function baseName(file: string): string {
  const name = path.basename(file, path.extname(file)).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return name.slice(0, 60).replace(/-+$/, '') || 'image';
}

async function readEntry(cacheDir: string, file: string): Promise<CacheEntry | undefined> {
  try {
    const entry = cacheEntrySchema.parse(JSON.parse(await fs.readFile(path.join(cacheDir, file), 'utf8')));
    await Promise.all(entry.variants.map((variant) => fs.access(path.join(cacheDir, variant.file))));
    return entry;
  } catch {
    return undefined;
  }
}

/**
 * Build-time responsive images for the files editors upload to public/images/ (which Astro's
 * own image pipeline does not process when content refers to them by path).
 */
export function createImagePipeline(options: ImagePipelineOptions): ImagePipeline {
  const { publicDir, cacheDir, log = () => {} } = options;
  // One build reads each upload once; sizes are asked on every on-demand page (the logo).
  const pictures = new Map<string, Promise<ResponsivePicture | undefined>>();
  const sizes = new Map<string, { width: number; height: number }>();

  /** The file a site path such as "/images/a%20b.jpg?v=2" names, if it is inside the public folder. */
  const fileOf = (src: string): string | undefined => {
    let pathname: string;
    try {
      pathname = decodeURIComponent(src.split(/[?#]/)[0]!);
    } catch {
      return undefined;
    }
    const file = path.resolve(publicDir, `.${pathname}`);
    return file.startsWith(path.resolve(publicDir) + path.sep) ? file : undefined;
  };

  const encode = async (src: string, file: string): Promise<ResponsivePicture | undefined> => {
    let input: Buffer;
    try {
      input = await fs.readFile(file);
    } catch {
      log(`images: ${src} is not in ${publicDir}; shown as it is`);
      return undefined;
    }
    const name = baseName(file);
    const hash = createHash('sha256').update(SETTINGS).update(input).digest('hex').slice(0, 10);
    const entryFile = `${name}.${hash}.json`;
    const cached = await readEntry(cacheDir, entryFile);
    if (cached) return toPicture(cached);
    const started = performance.now();
    try {
      const entry = await encodeVariants(input, name, hash, cacheDir);
      await writeAtomically(path.join(cacheDir, entryFile), JSON.stringify(entry));
      log(`images: encoded ${src} (${entry.source.width}x${entry.source.height}, ${entry.variants.length} files) in ${Math.round(performance.now() - started)} ms`);
      return toPicture(entry);
    } catch (error) {
      log(`images: ${src} could not be encoded (${(error as Error).message}); shown as it is`);
      return undefined;
    }
  };

  return {
    picture(src) {
      const file = fileOf(src);
      if (!file || AS_IS.has(path.extname(file).toLowerCase())) return Promise.resolve(undefined);
      let picture = pictures.get(file);
      if (!picture) {
        picture = encode(src, file);
        pictures.set(file, picture);
      }
      return picture;
    },
    async size(src) {
      const file = fileOf(src);
      if (!file) return undefined;
      try {
        const { mtimeMs, size } = await fs.stat(file);
        const key = `${file}:${mtimeMs}:${size}`;
        let known = sizes.get(key);
        if (!known) {
          known = (await sharp(file).metadata()).autoOrient;
          sizes.set(key, known);
        }
        return known;
      } catch {
        return undefined;
      }
    },
  };
}
