import { defineCollection } from 'astro:content';
import { file, glob } from 'astro/loaders';
import { brandSchema } from './lib/brand/schema.ts';
import { experimentSchema } from './lib/experiments/schema.ts';
import { milestoneSchema } from './lib/momentum/schema.ts';
import { journeySchema, storySchema } from './lib/stories/schema.ts';

/** Collections over content/ (edited in TinaCMS); schemas live in src/lib and are shared with Tina's tests. */
const stories = defineCollection({
  loader: glob({ pattern: '**/*.md', base: './content/stories' }),
  schema: storySchema,
});

const journeys = defineCollection({
  loader: glob({ pattern: '**/*.md', base: './content/journeys' }),
  schema: journeySchema,
});

const brand = defineCollection({
  loader: file('./content/brand/brand.json', { parser: (text) => [{ id: 'brand', ...JSON.parse(text) }] }),
  schema: brandSchema,
});

const milestones = defineCollection({
  loader: glob({ pattern: '*.json', base: './content/milestones' }),
  schema: milestoneSchema,
});

const experiments = defineCollection({
  loader: glob({ pattern: '*.json', base: './content/experiments' }),
  schema: experimentSchema,
});

export const collections = { stories, journeys, brand, milestones, experiments };
