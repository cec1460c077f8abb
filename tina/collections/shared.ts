import type { TinaField } from 'tinacms';

/** Fields shared by stories and journeys; the Astro schemas in src/lib/stories/schema.ts mirror them. */
export const heroField: TinaField = {
  type: 'object',
  name: 'hero',
  label: 'Hero image',
  required: true,
  fields: [
    { type: 'image', name: 'image', label: 'Image', required: true },
    {
      type: 'string',
      name: 'alt',
      label: 'Alt text',
      description: 'What the image shows, for people who cannot see it.',
      required: true,
    },
  ],
};

export const customerField: TinaField = {
  type: 'object',
  name: 'customer',
  label: 'Customer',
  required: true,
  fields: [
    { type: 'string', name: 'name', label: 'Name', required: true },
    { type: 'string', name: 'role', label: 'Role or place', required: true },
    { type: 'image', name: 'photo', label: 'Photo (optional)' },
  ],
};

export const slugField: TinaField = {
  type: 'string',
  name: 'slug',
  label: 'Slug',
  description: 'Lower-case words joined by hyphens; it is the page address and the file name.',
  required: true,
};

export const causeField: TinaField = {
  type: 'string',
  name: 'cause',
  label: 'Cause',
  description: 'Slug of one of the causes in Brand settings.',
  required: true,
};

export const summaryField: TinaField = {
  type: 'string',
  name: 'summary',
  label: 'Summary',
  description: 'One or two sentences for lists, feeds and link previews.',
  required: true,
  ui: { component: 'textarea' },
};

export const publishedAtField: TinaField = { type: 'datetime', name: 'publishedAt', label: 'Published date', required: true };
export const draftField: TinaField = { type: 'boolean', name: 'draft', label: 'Draft (hidden from the public site)' };

/** File name from the slug, and the page the editor previews, for a collection served at /<base>/<slug>/. */
export function documentUi(base: 'stories' | 'journeys') {
  return {
    filename: { slugify, readonly: false },
    router: ({ document }: { document: { _sys: { filename: string } } }) => `/${base}/${document._sys.filename}/`,
  };
}

/** Turns a title into a file name when an editor creates a document. */
export function slugify(values: Record<string, unknown>): string {
  const source = String(values.slug || values.title || 'untitled');
  return source
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
