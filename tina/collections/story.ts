import type { Collection } from 'tinacms';
import { causeField, customerField, documentUi, draftField, heroField, publishedAtField, slugField, summaryField } from './shared.ts';

export const storyCollection: Collection = {
  name: 'story',
  label: 'Stories',
  path: 'content/stories',
  format: 'md',
  ui: documentUi('stories'),
  defaultItem: () => ({
    draft: true,
    origin: 'editorial',
    intent: 'learn',
    publishedAt: new Date().toISOString(),
  }),
  fields: [
    { type: 'string', name: 'title', label: 'Title', isTitle: true, required: true },
    slugField,
    summaryField,
    causeField,
    {
      type: 'string',
      name: 'intent',
      label: 'Intent (the micro-moment it serves)',
      required: true,
      options: [
        { value: 'learn', label: 'Learn' },
        { value: 'do', label: 'Do' },
        { value: 'discover', label: 'Discover' },
        { value: 'buy', label: 'Buy' },
      ],
    },
    heroField,
    {
      type: 'string',
      name: 'pullQuote',
      label: 'Pull quote',
      required: true,
      ui: { component: 'textarea' },
    },
    customerField,
    publishedAtField,
    draftField,
    {
      type: 'string',
      name: 'origin',
      label: 'Origin',
      options: [
        { value: 'editorial', label: 'Editorial' },
        { value: 'community', label: 'Community (submitted by a visitor)' },
      ],
    },
    { type: 'string', name: 'tags', label: 'Tags', list: true, ui: { component: 'tags' } },
    {
      type: 'string',
      name: 'submission',
      label: 'Submission (consent record)',
      description: 'Set on community stories: the visitor submission and consent this story came from. Do not change it.',
    },
    { type: 'rich-text', name: 'body', label: 'Story', isBody: true },
  ],
};
