import path from 'node:path';
import { createImagePipeline } from './create-image-pipeline.ts';

/**
 * Where encoded variants are kept between builds: outside dist/ (which every build empties),
 * ignored by git with node_modules/. Paths are relative to the project folder, where
 * `astro build` and `npm start` run.
 */
export const IMAGE_CACHE_DIR = path.resolve('node_modules/.cache/hub-images');

/** Wiring: the pipeline over the project's public/ folder, for the pages of one build. */
export const imagePipeline = createImagePipeline({
  publicDir: path.resolve('public'),
  cacheDir: IMAGE_CACHE_DIR,
  log: (message) => console.log(message),
});

/**
 * The variants of `src` when this render goes into the build (a prerendered page of
 * `astro build`, told by the hub-responsive-images integration); undefined in `astro dev` and
 * on on-demand pages, whose variants would not be in dist/client: those show the file as it is.
 */
export function pictureForPage(src: string, page: { isPrerendered: boolean }) {
  return import.meta.env.HUB_ENCODE_IMAGES === true && page.isPrerendered ? imagePipeline.picture(src) : Promise.resolve(undefined);
}
