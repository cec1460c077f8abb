import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { brandSchema } from '../../src/lib/brand/schema.ts';
import { createCatalog } from '../../src/lib/stories/create-catalog.ts';
import { journeySchema, storySchema } from '../../src/lib/stories/schema.ts';
import { milestoneSchema } from '../../src/lib/momentum/schema.ts';
import { experimentSchema } from '../../src/lib/experiments/schema.ts';
import { brandCollection } from '../../tina/collections/brand.ts';
import { experimentCollection } from '../../tina/collections/experiment.ts';
import { milestoneCollection } from '../../tina/collections/milestone.ts';
import { journeyCollection } from '../../tina/collections/journey.ts';
import { storyCollection } from '../../tina/collections/story.ts';
import { tinaFieldPaths, zodFieldPaths } from '../helpers/schema-paths.ts';

const CONTENT = path.resolve(import.meta.dirname, '../../content');
const PUBLIC = path.resolve(import.meta.dirname, '../../public');

function readMarkdown(folder: string) {
  const dir = path.join(CONTENT, folder);
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.md'))
    .map((name) => {
      const text = fs.readFileSync(path.join(dir, name), 'utf8');
      const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(text);
      if (!match) throw new Error(`${folder}/${name} has no frontmatter`);
      return { id: name.replace(/\.md$/, ''), frontmatter: parseYaml(match[1]!) as unknown, body: match[2]! };
    });
}

const brand = brandSchema.parse(JSON.parse(fs.readFileSync(path.join(CONTENT, 'brand/brand.json'), 'utf8')));
const storyFiles = readMarkdown('stories');
const journeyFiles = readMarkdown('journeys');
function readJson(folder: string) {
  return fs
    .readdirSync(path.join(CONTENT, folder))
    .filter((name) => name.endsWith('.json'))
    .map((name) => ({ id: name.replace(/\.json$/, ''), data: JSON.parse(fs.readFileSync(path.join(CONTENT, folder, name), 'utf8')) as unknown }));
}
const milestoneFiles = readJson('milestones');
const experimentFiles = readJson('experiments');

describe('content/ read through the collection schemas', () => {
  it.each(storyFiles.map((file) => [file.id, file] as const))('story %s is valid', (_id, file) => {
    const result = storySchema.safeParse(file.frontmatter);
    expect(result.error?.issues ?? []).toEqual([]);
    expect(file.body.trim().length).toBeGreaterThan(200);
  });

  it.each(journeyFiles.map((file) => [file.id, file] as const))('journey %s is valid', (_id, file) => {
    const result = journeySchema.safeParse(file.frontmatter);
    expect(result.error?.issues ?? []).toEqual([]);
  });

  it.each(milestoneFiles.map((file) => [file.id, file] as const))('milestone %s is valid', (_id, file) => {
    const result = milestoneSchema.safeParse(file.data);
    expect(result.error?.issues ?? []).toEqual([]);
  });

  it.each(experimentFiles.map((file) => [file.id, file] as const))('experiment %s is valid', (_id, file) => {
    const result = experimentSchema.safeParse(file.data);
    expect(result.error?.issues ?? []).toEqual([]);
  });

  it('ships a demo experiment so the build reads the collection', () => {
    expect(experimentFiles.length).toBeGreaterThanOrEqual(1);
  });

  it('ships a ladder of milestones for every scope, small wins first', () => {
    const ladder = milestoneFiles.map((file) => milestoneSchema.parse(file.data));
    for (const scope of ['advocate', 'story', 'hub'] as const) expect(ladder.some((milestone) => milestone.scope === scope)).toBe(true);
    expect(ladder).toContainEqual(expect.objectContaining({ scope: 'advocate', metric: 'clicks', threshold: 1 }));
    expect(ladder).toContainEqual(expect.objectContaining({ scope: 'advocate', metric: 'reshares', threshold: 1 }));
    expect(ladder).toContainEqual(expect.objectContaining({ metric: 'generation', threshold: 3 }));
    expect(ladder).toContainEqual(expect.objectContaining({ metric: 'uniqueVisitors', threshold: 100 }));
  });

  it('has every cross-reference right (causes, linked stories, slugs equal file names, experiments)', () => {
    expect(() =>
      createCatalog({
        brand,
        stories: storyFiles.map((file) => ({ id: file.id, data: storySchema.parse(file.frontmatter) })),
        journeys: journeyFiles.map((file) => ({ id: file.id, data: journeySchema.parse(file.frontmatter) })),
        experiments: experimentFiles.map((file) => ({ id: file.id, data: experimentSchema.parse(file.data) })),
      }),
    ).not.toThrow();
  });

  it('ships enough demo content: at least 8 published stories and 3 journeys', () => {
    const published = storyFiles.filter((file) => !storySchema.parse(file.frontmatter).draft);
    expect(published.length).toBeGreaterThanOrEqual(8);
    expect(journeyFiles.filter((file) => !journeySchema.parse(file.frontmatter).draft).length).toBeGreaterThanOrEqual(3);
  });

  it('points every image at a file that exists under public/', () => {
    const images = [
      brand.logo,
      ...storyFiles.flatMap((file) => {
        const data = storySchema.parse(file.frontmatter);
        return [data.hero.image, data.customer.photo ?? []].flat();
      }),
      ...journeyFiles.flatMap((file) => {
        const data = journeySchema.parse(file.frontmatter);
        return [data.hero.image, data.customer.photo ?? []].flat();
      }),
      ...experimentFiles.flatMap((file) => experimentSchema.parse(file.data).variants.flatMap((variant) => variant.card?.image ?? [])),
    ];
    const missing = images.filter((image) => !fs.existsSync(path.join(PUBLIC, image)));
    expect(missing).toEqual([]);
  });
});

describe('TinaCMS collections and Astro schemas declare the same fields', () => {
  it.each([
    ['story', storyCollection, storySchema, true],
    ['journey', journeyCollection, journeySchema, true],
    ['brand', brandCollection, brandSchema, false],
    ['milestone', milestoneCollection, milestoneSchema, false],
    ['experiment', experimentCollection, experimentSchema, false],
  ] as const)('%s', (_name, collection, schema, hasBody) => {
    const tina = tinaFieldPaths(collection.fields as never).sort();
    const astro = [...zodFieldPaths(schema), ...(hasBody ? ['body'] : [])].sort();
    expect(tina).toEqual(astro);
  });

  it('finds a field added on one side only', () => {
    const tina = tinaFieldPaths([...(storyCollection.fields as never[]), { name: 'subtitle', type: 'string' }]);
    expect(tina).not.toEqual([...zodFieldPaths(storySchema), 'body']);
  });
});
