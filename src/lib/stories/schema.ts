import { z } from 'zod';
import { sitePathSchema, slugSchema } from '../brand/schema.ts';

/** The micro-moment a story serves. */
export const intents = ['learn', 'do', 'discover', 'buy'] as const;
export const intentSchema = z.enum(intents);
export type Intent = z.infer<typeof intentSchema>;

/** Who wrote a story: the brand's editors or a visitor (approved submission). */
export const origins = ['editorial', 'community'] as const;

/** Tina stores an emptied optional image as "": treat it as absent. */
const optionalImage = z.preprocess(
  (value) => (value === '' || value === null ? undefined : value),
  sitePathSchema.optional(),
);

/** Tina writes ISO strings, YAML may give a Date: accept both. */
const publishedDate = z.coerce.date();

export const heroSchema = z.object({
  /** Image path under /images/. */
  image: sitePathSchema,
  /** What the image shows, for people who cannot see it. */
  alt: z.string().min(1).max(300),
});

export const customerSchema = z.object({
  /** The customer's name as they agreed to be shown. */
  name: z.string().min(1).max(80),
  /** Their role or place ("Mountain guide, Chamonix"). */
  role: z.string().min(1).max(120),
  /** Optional portrait. */
  photo: optionalImage,
});

/** Frontmatter of a story (content/stories/<slug>.md); the Markdown body is the story itself. */
export const storySchema = z.object({
  title: z.string().min(1).max(160),
  /** URL slug; equals the file name. */
  slug: slugSchema,
  /** One or two sentences for lists, feeds and previews. */
  summary: z.string().min(1).max(320),
  /** Slug of one of the brand's causes. */
  cause: slugSchema,
  intent: intentSchema,
  hero: heroSchema,
  pullQuote: z.string().min(1).max(280),
  customer: customerSchema,
  publishedAt: publishedDate,
  /** Drafts are never published. */
  draft: z.boolean().default(false),
  origin: z.enum(origins).default('editorial'),
  tags: z.array(z.string().min(1).max(40)).default([]),
  /** For community stories: the visitor submission it came from, which holds the consent record. */
  submission: z.string().regex(/^[0-9A-Za-z]{8,16}$/, 'a submission id is 8 to 16 letters and digits').optional(),
});

/** One step of a customer's journey. */
export const stageSchema = z.object({
  /** Stage name (Discover, Try, First win, Advocate...). */
  title: z.string().min(1).max(80),
  /** The moment in the customer's words or time ("A wet October in the Cairngorms"). */
  moment: z.string().min(1).max(160),
  quote: z.string().min(1).max(280),
  /** The small win of this stage. */
  win: z.string().min(1).max(200),
  /** A few paragraphs, separated by blank lines. */
  body: z.string().min(1),
});

/** Tina stores a reference as the document path ("content/stories/x.md"). */
const storyReference = z
  .string()
  .regex(/^(?:content\/stories\/)?[a-z0-9]+(?:-[a-z0-9]+)*(?:\.md)?$/, 'reference a story file')
  .transform((value) => value.replace(/^content\/stories\//, '').replace(/\.md$/, ''));

/** Frontmatter of a journey (content/journeys/<slug>.md); the body is its introduction. */
export const journeySchema = z.object({
  title: z.string().min(1).max(160),
  slug: slugSchema,
  summary: z.string().min(1).max(320),
  cause: slugSchema,
  hero: heroSchema,
  customer: customerSchema,
  /** Ordered stages, first to last. */
  stages: z.array(stageSchema).min(2),
  /** Stories linked from the journey. */
  stories: z.array(z.object({ story: storyReference })).default([]),
  publishedAt: publishedDate,
  draft: z.boolean().default(false),
});

export type StoryData = z.infer<typeof storySchema>;
export type JourneyData = z.infer<typeof journeySchema>;
export type Stage = z.infer<typeof stageSchema>;
