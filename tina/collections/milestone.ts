import type { Collection } from 'tinacms';
import { milestoneMetrics, milestoneScopes } from '../../src/lib/momentum/schema.ts';

const METRIC_LABELS: Record<(typeof milestoneMetrics)[number], string> = {
  shares: 'Shares (links created)',
  clicks: 'Clicks',
  uniqueVisitors: 'Unique visitors (readers)',
  conversions: 'Conversions',
  reshares: 'Reshares',
  generation: 'Generations reached',
};

/** Small wins the hub detects and celebrates: one JSON file per milestone. */
export const milestoneCollection: Collection = {
  name: 'milestone',
  label: 'Milestones',
  path: 'content/milestones',
  format: 'json',
  fields: [
    { type: 'string', name: 'name', label: 'Name', isTitle: true, required: true },
    {
      type: 'string',
      name: 'metric',
      label: 'Metric',
      required: true,
      options: milestoneMetrics.map((value) => ({ value, label: METRIC_LABELS[value] })),
    },
    { type: 'number', name: 'threshold', label: 'Threshold', description: 'Reached when the metric gets to this number.', required: true },
    {
      type: 'string',
      name: 'scope',
      label: 'Scope',
      required: true,
      options: [
        { value: 'advocate', label: 'An advocate (all their links)' },
        { value: 'story', label: 'A story' },
        { value: 'hub', label: 'The whole hub' },
      ].filter((option) => (milestoneScopes as readonly string[]).includes(option.value)),
    },
    {
      type: 'string',
      name: 'message',
      label: 'Message',
      description: 'What people see when it happens (shown on the story, the advocate page and the celebration card).',
      required: true,
      ui: { component: 'textarea' },
    },
  ],
};
