import { describe, expect, it } from 'vitest';
import type { Brand } from '../../../src/lib/brand/schema.ts';
import { ContentError, createCatalog, storiesUrl, storyFilterPaths } from '../../../src/lib/stories/create-catalog.ts';
import { storySchema, journeySchema, type Intent } from '../../../src/lib/stories/schema.ts';

const brand: Brand = {
  name: 'Testbrand',
  tagline: 'Tag',
  purpose: 'Purpose',
  higherCause: 'Cause',
  storyline: 'Line',
  causes: [
    { slug: 'repair', name: 'Repair', description: 'd' },
    { slug: 'access', name: 'Access', description: 'd' },
  ],
  colors: { primary: '#000000', accent: '#111111', ink: '#222222', paper: '#ffffff' },
  logo: '/logo.svg',
  cta: { label: 'Go', url: '/go/' },
  social: {},
};

function story(slug: string, over: { cause?: string; intent?: Intent; draft?: boolean; date?: string } = {}) {
  const data = storySchema.parse({
    title: slug,
    slug,
    summary: 's',
    cause: over.cause ?? 'repair',
    intent: over.intent ?? 'learn',
    hero: { image: '/h.jpg', alt: 'a' },
    pullQuote: 'q',
    customer: { name: 'N', role: 'R', photo: '' },
    publishedAt: over.date ?? '2026-01-01T00:00:00.000Z',
    draft: over.draft ?? false,
  });
  return { id: slug, data };
}

function journey(slug: string, stories: string[], draft = false) {
  const stage = { title: 't', moment: 'm', quote: 'q', win: 'w', body: 'b' };
  const data = journeySchema.parse({
    title: slug,
    slug,
    summary: 's',
    cause: 'repair',
    hero: { image: '/h.jpg', alt: 'a' },
    customer: { name: 'N', role: 'R' },
    stages: [stage, stage],
    stories: stories.map((name) => ({ story: `content/stories/${name}.md` })),
    publishedAt: '2026-01-01',
    draft,
  });
  return { id: slug, data };
}

describe('createCatalog', () => {
  it('never publishes drafts, in lists, lookups or journeys', () => {
    const catalog = createCatalog({
      brand,
      stories: [story('public'), story('secret', { draft: true })],
      journeys: [journey('j', ['public', 'secret']), journey('hidden', [], true)],
    });
    expect(catalog.stories.map((s) => s.id)).toEqual(['public']);
    expect(catalog.getStory('secret')).toBeUndefined();
    expect(catalog.filterStories({ cause: 'repair' }).map((s) => s.id)).toEqual(['public']);
    expect(catalog.storiesOfJourney(catalog.journeys[0]!).map((s) => s.id)).toEqual(['public']);
    expect(catalog.getJourney('hidden')).toBeUndefined();
  });

  it('sorts newest first and filters by cause and intent together', () => {
    const catalog = createCatalog({
      brand,
      stories: [
        story('old', { date: '2026-01-01' }),
        story('new', { date: '2026-06-01', intent: 'do' }),
        story('mid', { date: '2026-03-01', cause: 'access', intent: 'do' }),
      ],
      journeys: [],
    });
    expect(catalog.stories.map((s) => s.id)).toEqual(['new', 'mid', 'old']);
    expect(catalog.filterStories({ intent: 'do' }).map((s) => s.id)).toEqual(['new', 'mid']);
    expect(catalog.filterStories({ cause: 'access', intent: 'do' }).map((s) => s.id)).toEqual(['mid']);
    expect(catalog.filterStories({ cause: 'access', intent: 'buy' })).toEqual([]);
  });

  it('ranks related stories by shared cause, then shared intent', () => {
    const catalog = createCatalog({
      brand,
      stories: [
        story('base', { cause: 'repair', intent: 'learn', date: '2026-05-01' }),
        story('same-intent', { cause: 'access', intent: 'learn', date: '2026-04-01' }),
        story('same-cause', { cause: 'repair', intent: 'buy', date: '2026-03-01' }),
        story('both', { cause: 'repair', intent: 'learn', date: '2026-02-01' }),
        story('neither', { cause: 'access', intent: 'buy', date: '2026-06-01' }),
      ],
      journeys: [],
    });
    expect(catalog.relatedStories(catalog.getStory('base')!, 3).map((s) => s.id)).toEqual([
      'both',
      'same-cause',
      'same-intent',
    ]);
  });

  it.each([
    ['an unknown cause', { stories: [story('x', { cause: 'nope' })], journeys: [] }, /cause "nope"/],
    ['a slug that differs from the file name', { stories: [{ ...story('x'), id: 'y' }], journeys: [] }, /must equal the file name/],
    ['a journey linking a missing story', { stories: [], journeys: [journey('j', ['ghost'])] }, /linked story "ghost"/],
  ])('stops the build on %s', (_case, input, message) => {
    expect(() => createCatalog({ brand, ...input })).toThrow(ContentError);
    expect(() => createCatalog({ brand, ...input })).toThrow(message);
  });
});

describe('story filter URLs', () => {
  it.each([
    [{}, '/stories/'],
    [{ cause: 'repair' }, '/stories/cause/repair/'],
    [{ intent: 'do' }, '/stories/intent/do/'],
    [{ cause: 'repair', intent: 'do' }, '/stories/cause/repair/intent/do/'],
  ])('%o -> %s', (filter, url) => {
    expect(storiesUrl(filter)).toBe(url);
  });

  it('offers every cause and intent, and only the pairs that have stories', () => {
    const catalog = createCatalog({ brand, stories: [story('a', { cause: 'access', intent: 'buy' })], journeys: [] });
    const urls = storyFilterPaths(catalog).map(storiesUrl);
    expect(urls).toContain('/stories/cause/repair/');
    expect(urls).toContain('/stories/intent/discover/');
    expect(urls).toContain('/stories/cause/access/intent/buy/');
    expect(urls).not.toContain('/stories/cause/repair/intent/buy/');
  });
});
