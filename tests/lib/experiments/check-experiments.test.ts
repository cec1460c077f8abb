import { describe, expect, it } from 'vitest';
import { experimentSchema } from '../../../src/lib/experiments/schema.ts';
import { ContentError, createCatalog } from '../../../src/lib/stories/create-catalog.ts';
import { readContent } from '../../helpers/read-content.ts';
import { experimentFile } from './experiment-fixtures.ts';

const content = readContent();
const stories = content.stories.map((data) => ({ id: data.slug, data }));
const draft = content.stories.find((story) => story.draft)!;

const entry = (id: string, over: Record<string, unknown> = {}) => ({ id, data: experimentSchema.parse(experimentFile(over)) });
const catalogWith = (...experiments: ReturnType<typeof entry>[]) =>
  createCatalog({ brand: content.brand, stories, journeys: [], experiments });

describe('experiments in the catalog', () => {
  it('indexes experiments whatever their status', () => {
    const catalog = catalogWith(entry('headline'), entry('stopped', { status: 'stopped', story: draft.slug }));
    expect(catalog.experiments.map((experiment) => experiment.id)).toEqual(['headline', 'stopped']);
    expect(catalog.getExperiment('headline')?.data.story).toBe('fourteen-winters-one-shell');
  });

  it('lets running experiments on one story vary different fields', () => {
    const summary = { variants: [{ id: 'control' }, { id: 'b', summary: 'S' }], status: 'running' };
    expect(() => catalogWith(entry('headline', { status: 'running' }), entry('summary', summary))).not.toThrow();
  });

  it.each([
    ['an unknown story', [entry('ghost', { story: 'no-such-story' })], 'content/experiments/ghost.json: story "no-such-story" is not a story'],
    ['a running experiment on a draft story', [entry('early', { story: draft.slug, status: 'running' })], `content/experiments/early.json: story "${draft.slug}" is a draft`],
    [
      'two running experiments varying the same field of a story',
      [entry('first', { status: 'running' }), entry('second', { status: 'running' })],
      'content/experiments/second.json: variants: headline of story "fourteen-winters-one-shell" is already varied by running experiment "first"',
    ],
  ])('stops the build on %s, naming the file and field', (_case, experiments, message) => {
    expect(() => catalogWith(...experiments)).toThrow(ContentError);
    expect(() => catalogWith(...experiments)).toThrow(message);
  });
});
