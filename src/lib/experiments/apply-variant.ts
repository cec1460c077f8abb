import type { Brand } from '../brand/schema.ts';
import type { StoryData } from '../stories/schema.ts';
import type { Variant, VariedField } from './schema.ts';

/** What a reader of a variant sees for every field an experiment can vary. */
export type VariedContent = { [Field in VariedField]: Required<NonNullable<Variant[Field]>> };

/** The story's own value of each field: what a variant that leaves the field out shows. */
const storyValues: { [Field in VariedField]: (story: StoryData, brand: Brand) => VariedContent[Field] } = {
  headline: (story) => story.title,
  summary: (story) => story.summary,
  pullQuote: (story) => story.pullQuote,
  card: (story) => ({ image: story.hero.image, layout: 'photo' }),
  cta: (_story, brand) => ({ text: brand.cta.label, href: brand.cta.url }),
};

const definedEntries = (value: object) => Object.entries(value).filter(([, inner]) => inner !== undefined);

/**
 * The content a variant shows on a story: each field the variant sets, else the story's value
 * (for card and cta, field by field: a variant may change only the card's layout).
 */
export function applyVariant(story: StoryData, brand: Brand, variant: Variant): VariedContent {
  const content = {} as Record<VariedField, unknown>;
  for (const field of Object.keys(storyValues) as VariedField[]) {
    const base = storyValues[field](story, brand);
    const own = variant[field];
    content[field] =
      own === undefined ? base : typeof base === 'object' ? { ...base, ...Object.fromEntries(definedEntries(own as object)) } : own;
  }
  return content as VariedContent;
}
