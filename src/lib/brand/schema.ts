import { z } from 'zod';

/** Lower-case words joined by single hyphens: the form of every slug in the hub. */
export const slugSchema = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'use lower-case letters, digits and single hyphens');

/** A path inside the site (`/images/x.jpg`), never another origin. */
export const sitePathSchema = z
  .string()
  .regex(/^\/(?!\/)[^\s\\]*$/, 'use a path inside the site that starts with a single "/"');

const hexColour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'use a six-digit hex colour such as #1f5f4a');

/** A social handle without the leading @ (empty when the brand is not on that network). */
const handle = z
  .string()
  .regex(/^@?[A-Za-z0-9_.-]{0,60}$/, 'use the handle only, letters, digits, "_", "." or "-"')
  .transform((value) => value.replace(/^@/, ''))
  .optional();

/** A cause the brand supports; stories and journeys point at one by its slug. */
export const causeSchema = z.object({
  /** Stable identifier used in URLs (/stories/cause/<slug>/). */
  slug: slugSchema,
  /** Name shown to readers. */
  name: z.string().min(1).max(60),
  /** One or two sentences on what the brand does for it. */
  description: z.string().min(1).max(400),
});

/** The brand: one JSON document (content/brand/brand.json) edited in TinaCMS. */
export const brandSchema = z.object({
  /** Brand name as printed on pages and cards. */
  name: z.string().min(1).max(60),
  /** Short line under the name. */
  tagline: z.string().min(1).max(120),
  /** The purpose statement: why the brand exists, in one sentence. */
  purpose: z.string().min(1).max(240),
  /** The higher cause the purpose serves, in a few words. */
  higherCause: z.string().min(1).max(120),
  /** The storyline behind the purpose: paragraphs separated by blank lines. */
  storyline: z.string().min(1),
  /** Causes the brand supports. */
  causes: z.array(causeSchema).min(1),
  /** Brand colours used by pages and share cards. */
  colors: z.object({
    primary: hexColour,
    accent: hexColour,
    ink: hexColour,
    paper: hexColour,
  }),
  /** Logo image (a path under /images/). */
  logo: sitePathSchema,
  /** The default call to action shown at the end of stories. */
  cta: z.object({
    label: z.string().min(1).max(60),
    url: z.union([sitePathSchema, z.url({ protocol: /^https$/ })]),
  }),
  /** Where visitors can send their own story (shown on the home page). */
  storiesEmail: z.email('use an email address such as stories@example.com').optional(),
  /** Social handles, without @. */
  social: z
    .object({ x: handle, instagram: handle, linkedin: handle, facebook: handle, tiktok: handle })
    .default({}),
});

export type Brand = z.infer<typeof brandSchema>;
export type Cause = z.infer<typeof causeSchema>;
