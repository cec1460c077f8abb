import type { Collection, TinaField } from 'tinacms';
import { cardLayouts } from '../../src/lib/cards/schema.ts';
import {
  allocations,
  DEFAULT_THRESHOLDS,
  experimentMetrics,
  experimentStatuses,
  metricDefinitions,
  type VariedField,
} from '../../src/lib/experiments/schema.ts';
import { slugify } from './shared.ts';

const metricOptions = experimentMetrics.map((value) => ({ value, label: `${value}: ${metricDefinitions[value].successes} / ${metricDefinitions[value].exposures}` }));

/** The Tina input of each field a variant can change (src/lib/experiments/schema.ts variedFieldSchemas). */
const variedFieldInputs: Record<VariedField, TinaField> = {
  headline: { type: 'string', name: 'headline', label: 'Headline', description: 'Empty: the story title.' },
  summary: { type: 'string', name: 'summary', label: 'Summary', description: 'Empty: the story summary.', ui: { component: 'textarea' } },
  pullQuote: { type: 'string', name: 'pullQuote', label: 'Pull quote', description: 'Empty: the story pull quote.', ui: { component: 'textarea' } },
  card: {
    type: 'object',
    name: 'card',
    label: 'Share card',
    fields: [
      { type: 'image', name: 'image', label: 'Image', description: 'Empty: the story hero image.' },
      { type: 'string', name: 'layout', label: 'Layout', options: [...cardLayouts], description: 'Empty: photo.' },
    ],
  },
  cta: {
    type: 'object',
    name: 'cta',
    label: 'Call to action',
    fields: [
      { type: 'string', name: 'text', label: 'Text', description: 'Empty: the brand call to action.' },
      { type: 'string', name: 'href', label: 'Link (a /path or https:// address)' },
    ],
  },
};

/** A/B experiments on a story: one JSON file per experiment (content/experiments/<id>.json). */
export const experimentCollection: Collection = {
  name: 'experiment',
  label: 'Experiments',
  path: 'content/experiments',
  format: 'json',
  ui: { filename: { slugify: (values: Record<string, unknown>) => slugify({ title: values.name }), readonly: false } },
  defaultItem: () => ({
    metric: 'shareRate',
    allocation: 'equal',
    status: 'draft',
    thresholds: { ...DEFAULT_THRESHOLDS },
    variants: [{ id: 'control' }, { id: 'b' }],
  }),
  fields: [
    { type: 'string', name: 'name', label: 'Name', isTitle: true, required: true },
    { type: 'string', name: 'hypothesis', label: 'Hypothesis', description: 'What should change, and why.', required: true, ui: { component: 'textarea' } },
    { type: 'string', name: 'story', label: 'Story', description: 'Slug of the story it runs on (its file name).', required: true },
    { type: 'string', name: 'metric', label: 'Primary metric', required: true, options: metricOptions },
    { type: 'string', name: 'goal', label: 'Goal', description: 'For conversionRate: the goal counted (e.g. newsletter).' },
    { type: 'string', name: 'secondary', label: 'Secondary metrics', list: true, options: metricOptions },
    {
      type: 'string',
      name: 'allocation',
      label: 'Allocation',
      options: allocations.map((value) => ({ value, label: value === 'equal' ? 'Equal split' : 'Bandit (Thompson sampling, every 15 minutes)' })),
    },
    { type: 'string', name: 'status', label: 'Status', options: [...experimentStatuses] },
    {
      type: 'object',
      name: 'thresholds',
      label: 'Decision thresholds',
      fields: [
        { type: 'number', name: 'chanceToBeBest', label: 'Chance to be best a winner needs (0.95 = 95%)' },
        { type: 'number', name: 'expectedLoss', label: "Largest expected loss, as a fraction of the control's rate (0.005 = 0.5%)" },
      ],
    },
    {
      type: 'object',
      name: 'variants',
      label: 'Variants (the first is the control; 2 to 4)',
      list: true,
      ui: { itemProps: (item: { id?: string }) => ({ label: item?.id || 'Variant' }) },
      fields: [
        { type: 'string', name: 'id', label: 'Id', description: 'Short and stable: control, b, c.', required: true },
        ...Object.values(variedFieldInputs),
      ],
    },
  ],
};
