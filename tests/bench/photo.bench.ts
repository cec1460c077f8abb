import sharp from 'sharp';
import { processPhoto } from '../../src/lib/submissions/process-photo.ts';
import { percentile, printTable } from './bench-helpers.ts';

/**
 * What a visitor's photo costs the server: re-encoding (turn upright, fit in 2000 px, JPEG,
 * metadata dropped) against only decoding it, for a small and a phone-sized photo.
 */
async function photoLike(width: number, height: number): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * 3);
  for (let i = 0; i < raw.length; i += 1) raw[i] = (i * 2654435761) >>> 24;
  return sharp(raw, { raw: { width, height, channels: 3 } }).blur(1.2).jpeg({ quality: 90 }).withExif({ IFD0: { Make: 'PhoneCo' } }).toBuffer();
}

async function time(run: () => Promise<unknown>, rounds = 10): Promise<number[]> {
  await run();
  const times: number[] = [];
  for (let i = 0; i < rounds; i += 1) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  return times;
}

const rows: (string | number)[][] = [];
for (const [label, width, height] of [['1600x1200', 1600, 1200], ['4000x3000 (12 MP)', 4000, 3000]] as const) {
  const input = await photoLike(width, height);
  const decode = await time(() => sharp(input).raw().toBuffer());
  const encode = await time(() => processPhoto(input));
  const output = (await processPhoto(input))!;
  rows.push([
    label,
    `${(input.length / 1024).toFixed(0)} KB`,
    percentile(decode, 50).toFixed(0),
    percentile(encode, 50).toFixed(0),
    (percentile(encode, 50) / percentile(decode, 50)).toFixed(1),
    `${(output.length / 1024).toFixed(0)} KB`,
  ]);
}
printTable(['photo', 'upload', 'decode only p50 ms', 'processPhoto p50 ms', 'ratio', 'stored'], rows);
