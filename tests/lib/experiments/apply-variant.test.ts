import { describe, expect, it } from 'vitest';
import { applyVariant } from '../../../src/lib/experiments/apply-variant.ts';
import { variantSchema } from '../../../src/lib/experiments/schema.ts';
import { readContent } from '../../helpers/read-content.ts';

const { brand, stories } = readContent();
const story = stories.find((candidate) => candidate.slug === 'fourteen-winters-one-shell')!;
const storyContent = {
  headline: story.title,
  summary: story.summary,
  pullQuote: story.pullQuote,
  card: { image: story.hero.image, layout: 'photo' },
  cta: { text: brand.cta.label, href: brand.cta.url },
};

describe('applyVariant', () => {
  it.each([
    ['the control (no field set) shows the story as it is', { id: 'control' }, {}],
    ['a headline variant changes the headline only', { id: 'b', headline: 'New' }, { headline: 'New' }],
    ['a card variant may change the layout and keep the image', { id: 'b', card: { layout: 'quote' } }, { card: { image: story.hero.image, layout: 'quote' } }],
    ['a call-to-action variant may change the text and keep the link', { id: 'b', cta: { text: 'Repair yours' } }, { cta: { text: 'Repair yours', href: brand.cta.url } }],
    ['a field Tina left empty keeps the story value', { id: 'b', summary: '', card: { image: '', layout: 'quote' } }, { card: { image: story.hero.image, layout: 'quote' } }],
  ])('%s', (_case, variant, changed) => {
    expect(applyVariant(story, brand, variantSchema.parse(variant))).toEqual({ ...storyContent, ...changed });
  });
});
