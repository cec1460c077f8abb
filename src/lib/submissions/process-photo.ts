import sharp from 'sharp';

/** Longest side of a stored photo: enough for a 16:9 hero at 2x on most screens. */
const MAX_SIDE = 2000;

/**
 * Re-encodes a visitor's photo as JPEG, turned upright and without metadata (EXIF, GPS, XMP:
 * sharp drops them unless asked to keep them). Undefined when the bytes are not a JPEG, PNG or
 * WebP image, whatever the upload claimed to be.
 */
export async function processPhoto(input: Buffer): Promise<Buffer | undefined> {
  let format: string | undefined;
  try {
    format = (await sharp(input).metadata()).format;
  } catch {
    return undefined;
  }
  if (format !== 'jpeg' && format !== 'png' && format !== 'webp') return undefined;
  return sharp(input, { limitInputPixels: 60_000_000 })
    .rotate()
    .resize({ width: MAX_SIDE, height: MAX_SIDE, fit: 'inside', withoutEnlargement: true })
    .flatten({ background: '#ffffff' })
    // Plain libjpeg-turbo: mozjpeg stored about a quarter fewer bytes but took 3 to 7 times as
    // long (npm run bench -- photo), on the request path of every submission.
    .jpeg({ quality: 82 })
    .toBuffer();
}
