import type { Collection } from 'tinacms';

const handle = (name: string, label: string) => ({ type: 'string' as const, name, label });

export const brandCollection: Collection = {
  name: 'brand',
  label: 'Brand settings',
  path: 'content/brand',
  format: 'json',
  ui: { allowedActions: { create: false, delete: false }, router: () => '/purpose/' },
  fields: [
    { type: 'string', name: 'name', label: 'Brand name', isTitle: true, required: true },
    { type: 'string', name: 'tagline', label: 'Tagline', required: true },
    {
      type: 'string',
      name: 'purpose',
      label: 'Purpose statement',
      required: true,
      ui: { component: 'textarea' },
    },
    { type: 'string', name: 'higherCause', label: 'Higher cause', required: true },
    {
      type: 'string',
      name: 'storyline',
      label: 'Purpose storyline',
      description: 'The story behind the purpose. Paragraphs separated by a blank line.',
      required: true,
      ui: { component: 'textarea' },
    },
    {
      type: 'object',
      name: 'causes',
      label: 'Causes',
      list: true,
      ui: { itemProps: (item: { name?: string }) => ({ label: item?.name || 'Cause' }) },
      fields: [
        { type: 'string', name: 'slug', label: 'Slug', required: true },
        { type: 'string', name: 'name', label: 'Name', required: true },
        {
          type: 'string',
          name: 'description',
          label: 'Description',
          required: true,
          ui: { component: 'textarea' },
        },
      ],
    },
    {
      type: 'object',
      name: 'colors',
      label: 'Colours',
      required: true,
      fields: [
        { type: 'string', name: 'primary', label: 'Primary', ui: { component: 'color' }, required: true },
        { type: 'string', name: 'accent', label: 'Accent', ui: { component: 'color' }, required: true },
        { type: 'string', name: 'ink', label: 'Text (ink)', ui: { component: 'color' }, required: true },
        { type: 'string', name: 'paper', label: 'Background (paper)', ui: { component: 'color' }, required: true },
      ],
    },
    { type: 'image', name: 'logo', label: 'Logo', required: true },
    {
      type: 'object',
      name: 'cta',
      label: 'Default call to action',
      required: true,
      fields: [
        { type: 'string', name: 'label', label: 'Label', required: true },
        { type: 'string', name: 'url', label: 'Link (a /path or https:// address)', required: true },
      ],
    },
    { type: 'string', name: 'storiesEmail', label: 'Email for visitor stories' },
    {
      type: 'object',
      name: 'social',
      label: 'Social handles',
      fields: [
        handle('x', 'X'),
        handle('instagram', 'Instagram'),
        handle('linkedin', 'LinkedIn'),
        handle('facebook', 'Facebook'),
        handle('tiktok', 'TikTok'),
      ],
    },
  ],
};
