import { z } from 'zod';
import { sitePathSchema, slugSchema } from '../brand/schema.ts';

/** The three formats of a card: Open Graph, square feed post, vertical story/reel. */
export const cardSizes = ['og', 'square', 'vertical'] as const;
export const cardSizeSchema = z.enum(cardSizes);
export type CardSize = z.infer<typeof cardSizeSchema>;

/** Pixel dimensions of each format. */
export const CARD_DIMENSIONS: Record<CardSize, { width: number; height: number }> = {
  og: { width: 1200, height: 630 },
  square: { width: 1080, height: 1080 },
  vertical: { width: 1080, height: 1920 },
};

/**
 * How a share card arranges a story: `photo` is the card storyCard draws (hero photo beside or
 * above the title and pull quote); `quote` leads with the pull quote and leaves the photo out.
 * Experiments vary it (src/lib/experiments/schema.ts); the renderer draws `photo` only so far.
 */
export const cardLayouts = ['photo', 'quote'] as const;
export type CardLayout = (typeof cardLayouts)[number];

/** What a card is about: a story or a customer journey. */
export const cardKinds = ['stories', 'journeys'] as const;
export const cardKindSchema = z.enum(cardKinds);
export type CardKind = z.infer<typeof cardKindSchema>;

const hexColour = z.string().regex(/^#[0-9a-fA-F]{6}$/);

/** The brand settings a card draws (from content/brand/brand.json). */
export const cardBrandSchema = z.object({
  name: z.string().min(1),
  colors: z.object({ primary: hexColour, accent: hexColour, ink: hexColour, paper: hexColour }),
  /** Logo path inside the site (/images/...). */
  logo: sitePathSchema,
  /** Host shown as the hub's short address (stories.example.com). */
  host: z.string().min(1),
});
export type CardBrand = z.infer<typeof cardBrandSchema>;

/** Everything a story or journey card draws, apart from the brand. */
export const cardContentSchema = z.object({
  kind: cardKindSchema,
  slug: slugSchema,
  title: z.string().min(1),
  /** The pull quote (a journey uses the quote of its last stage). */
  quote: z.string().min(1),
  customer: z.object({ name: z.string().min(1), role: z.string().min(1), photo: sitePathSchema.optional() }),
  /** Hero image path and its alt text. */
  image: sitePathSchema,
  imageAlt: z.string().min(1),
  /** Name of the cause the story serves. */
  cause: z.string().min(1),
});
export type CardContent = z.infer<typeof cardContentSchema>;

/** The build's card index (dist/client/api/cards.json): what the server and the build render. */
export const cardIndexSchema = z.object({
  brand: cardBrandSchema,
  cards: z.array(cardContentSchema),
});
export type CardIndex = z.infer<typeof cardIndexSchema>;

/** A milestone worth celebrating (used by the momentum feature). */
export const celebrationSchema = z.object({
  /** The big number or word ("1,000"). */
  figure: z.string().min(1).max(24),
  /** What the figure counts ("people reached by this story"). */
  label: z.string().min(1).max(120),
  /** The story or journey title it belongs to. */
  title: z.string().min(1).max(160),
});
export type Celebration = z.infer<typeof celebrationSchema>;
