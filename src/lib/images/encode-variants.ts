import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { FALLBACK_FORMATS, SOURCE_FORMATS, type ImageFormat } from './image-formats.ts';
import type { CacheEntry, ImageVariant } from './schema.ts';
import { VARIANT_WIDTHS, variantWidths } from './variant-widths.ts';
import { writeAtomically } from './write-atomically.ts';

const ENCODES_AT_ONCE = 2;

/**
 * Encodes one upload at every width (never wider than it is) in every format, into `outDir`
 * as `<name>-<width>.<hash>.<ext>`. The upload is decoded once, turned upright from its EXIF
 * orientation and brought down to the largest width; every variant is resized from that.
 * Nothing of the upload's metadata (EXIF, GPS, XMP, ICC) is written: pixels are converted to
 * sRGB, which browsers assume for untagged images.
 */
export async function encodeVariants(input: Buffer, name: string, hash: string, outDir: string): Promise<CacheEntry> {
  const upload = sharp(input, { failOn: 'error' });
  const { autoOrient: source } = await upload.metadata();
  const { data, info } = await upload
    .autoOrient()
    .resize({ width: VARIANT_WIDTHS.at(-1), withoutEnlargement: true })
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  const transparent = info.channels === 4;
  const formats: readonly ImageFormat[] = [...SOURCE_FORMATS, transparent ? FALLBACK_FORMATS.transparent : FALLBACK_FORMATS.opaque];
  const raw = { raw: { width: info.width, height: info.height, channels: info.channels } };
  const widths = variantWidths(info.width);

  const encodeOne = async (format: ImageFormat, width: number): Promise<ImageVariant> => {
    const encoded = await sharp(data, raw).resize({ width }).toFormat(format.format, format.options).toBuffer({ resolveWithObject: true });
    const file = `${name}-${width}.${hash}.${format.extension}`;
    await writeAtomically(path.join(outDir, file), encoded.data);
    return { format: format.format, type: format.type, width: encoded.info.width, height: encoded.info.height, file, bytes: encoded.data.length };
  };

  await fs.mkdir(outDir, { recursive: true });
  const jobs = formats.flatMap((format) => widths.map((width) => () => encodeOne(format, width)));
  const variants: ImageVariant[] = [];
  // Two encodes at a time: both cores of a small machine busy, memory bounded (AVIF is hungry).
  for (let i = 0; i < jobs.length; i += ENCODES_AT_ONCE) {
    variants.push(...(await Promise.all(jobs.slice(i, i + ENCODES_AT_ONCE).map((job) => job()))));
  }
  return { source, variants };
}
