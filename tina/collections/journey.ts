import type { Collection } from 'tinacms';
import { causeField, customerField, documentUi, draftField, heroField, publishedAtField, slugField, summaryField } from './shared.ts';

export const journeyCollection: Collection = {
  name: 'journey',
  label: 'Customer journeys',
  path: 'content/journeys',
  format: 'md',
  ui: documentUi('journeys'),
  defaultItem: () => ({ draft: true, publishedAt: new Date().toISOString() }),
  fields: [
    { type: 'string', name: 'title', label: 'Title', isTitle: true, required: true },
    slugField,
    summaryField,
    causeField,
    heroField,
    customerField,
    {
      type: 'object',
      name: 'stages',
      label: 'Stages (in order)',
      list: true,
      ui: { itemProps: (item: { title?: string }) => ({ label: item?.title || 'Stage' }) },
      fields: [
        { type: 'string', name: 'title', label: 'Stage', required: true },
        { type: 'string', name: 'moment', label: 'Moment', required: true },
        { type: 'string', name: 'quote', label: 'Quote', required: true, ui: { component: 'textarea' } },
        { type: 'string', name: 'win', label: 'Small win', required: true },
        {
          type: 'string',
          name: 'body',
          label: 'Body',
          description: 'Paragraphs separated by a blank line.',
          required: true,
          ui: { component: 'textarea' },
        },
      ],
    },
    {
      type: 'object',
      name: 'stories',
      label: 'Linked stories',
      list: true,
      fields: [{ type: 'reference', name: 'story', label: 'Story', collections: ['story'] }],
    },
    publishedAtField,
    draftField,
    { type: 'rich-text', name: 'body', label: 'Introduction', isBody: true },
  ],
};
