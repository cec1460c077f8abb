import { z } from 'zod';

/** One encoded file of an uploaded image, as the cache records it. */
export const variantSchema = z.object({
  format: z.enum(['avif', 'webp', 'jpeg', 'png']),
  /** MIME type, for <source type> and the preload hint. */
  type: z.string(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  /** File name in the cache folder, and under /_astro/images/ in the build. */
  file: z.string().regex(/^[a-z0-9-]+-\d+\.[0-9a-f]{10}\.(?:avif|webp|jpg|png)$/),
  bytes: z.number().int().nonnegative(),
});

/**
 * What the cache keeps per source image (`<name>.<hash>.json` beside its variants): enough to
 * write the <picture> without decoding the upload again.
 */
export const cacheEntrySchema = z.object({
  /** The upload's own size, upright (EXIF orientation applied). */
  source: z.object({ width: z.number().int().positive(), height: z.number().int().positive() }),
  /** Source formats first (best first), the fallback format last. */
  variants: z.array(variantSchema).min(1),
});

export type ImageVariant = z.infer<typeof variantSchema>;
export type CacheEntry = z.infer<typeof cacheEntrySchema>;

/** A srcset of one format: `url 320w, url 480w, ...`. */
export type PictureSource = { type: string; srcset: string };

/** What a page needs to show an uploaded image at the right size for each screen. */
export type ResponsivePicture = {
  /** Intrinsic size of the largest variant (its aspect ratio is the upload's). */
  width: number;
  height: number;
  /** <source> elements, best format first. */
  sources: PictureSource[];
  /** The <img>: JPEG (or PNG with transparency) for browsers that read none of the sources. */
  fallback: PictureSource & { src: string };
  variants: ImageVariant[];
};
