import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';

export const PHONE_PHOTO_SLUG = 'bench-phone-photo';

/**
 * A 4000x3000 phone-like photo of about 8 MB: soft shapes under strong sensor grain, so the JPEG
 * barely compresses, with camera EXIF. Deterministic, so its variants are cached across runs.
 */
export async function phonePhoto(width = 4000, height = 3000): Promise<Buffer> {
  let seed = 1;
  const random = () => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24;
  const cells = Buffer.alloc(16 * 12 * 3);
  for (let i = 0; i < cells.length; i += 1) cells[i] = random();
  const base = await sharp(cells, { raw: { width: 16, height: 12, channels: 3 } }).resize(width, height, { kernel: 'cubic' }).raw().toBuffer();
  for (let i = 0; i < base.length; i += 1) base[i] = Math.max(0, Math.min(255, base[i]! + (random() % 80) - 40));
  return sharp(base, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 95 })
    .withExif({ IFD0: { Make: 'PhoneCo', Model: 'Pocket 12' } })
    .toBuffer();
}

/**
 * Adds a published story whose hero is that photo, uploaded as an editor would (into
 * public/images/), dated long ago so it leads no list. `remove()` deletes both files; the next
 * build then drops the story again (npm start rebuilds because content/ and public/ changed).
 */
export async function addPhonePhotoStory(root: string): Promise<{ slug: string; photoBytes: number; remove: () => void }> {
  const brand = JSON.parse(fs.readFileSync(path.join(root, 'content/brand/brand.json'), 'utf8')) as { causes: { slug: string }[] };
  const photoFile = path.join(root, 'public/images/stories', `${PHONE_PHOTO_SLUG}.jpg`);
  const storyFile = path.join(root, 'content/stories', `${PHONE_PHOTO_SLUG}.md`);
  const remove = () => {
    fs.rmSync(photoFile, { force: true });
    fs.rmSync(storyFile, { force: true });
  };
  const photo = await phonePhoto();
  fs.writeFileSync(photoFile, photo);
  fs.writeFileSync(storyFile, [
    '---',
    'title: "A phone photo straight from the camera"',
    `slug: "${PHONE_PHOTO_SLUG}"`,
    'summary: "A story whose hero is a 12-megapixel phone photo uploaded as it came off the camera."',
    `cause: "${brand.causes[0]!.slug}"`,
    'intent: "learn"',
    'hero:',
    `  image: "/images/stories/${PHONE_PHOTO_SLUG}.jpg"`,
    '  alt: "A grainy phone photo of soft coloured shapes."',
    'pullQuote: "I uploaded it straight from my phone."',
    'customer:',
    '  name: "Bench Reader"',
    '  role: "Phone photographer"',
    'publishedAt: "2001-01-01T09:00:00.000Z"',
    'draft: false',
    '---',
    '',
    'The editor uploaded this photo from a phone, four thousand pixels wide and several megabytes heavy.',
    '',
  ].join('\n'));
  return { slug: PHONE_PHOTO_SLUG, photoBytes: photo.length, remove };
}
