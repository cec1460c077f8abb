import { z } from 'zod';
import { slugSchema } from '../brand/schema.ts';
import { winIdSchema } from '../momentum/schema.ts';
import { hasInvisibleCharacters } from '../text/has-invisible-characters.ts';
import { channels, type Channel } from './channels.ts';

/** Where an advocate shares a story. */
export const channelSchema = z.enum(channels, { error: `channel must be one of ${channels.join(', ')}` });
export type { Channel };

/** Share link codes: base62, 8 to 16 characters (new ones are 10). */
export const codeSchema = z.string().regex(/^[0-9A-Za-z]{8,16}$/, 'a link code is 8 to 16 letters and digits');

/** An advocate's display name: optional, kept for cards and their page; blank means none. */
export const advocateNameSchema = z
  .string()
  .trim()
  .max(60, 'a name is at most 60 characters')
  .refine((name) => !/[<>]/.test(name), 'a name cannot contain < or >')
  .refine((name) => !hasInvisibleCharacters(name), 'a name cannot contain invisible or control characters (such as a right-to-left override); type it again without them')
  .transform((name) => (name === '' ? null : name));

/** Body of POST /api/share (JSON or form fields). */
export const shareRequestSchema = z.object({
  story: slugSchema,
  channel: channelSchema,
  name: advocateNameSchema.optional(),
  parent: codeSchema.optional().or(z.literal('').transform(() => undefined)),
  /** Sharing a win (its page's share panel): the answer's link previews the win's card. */
  win: winIdSchema.optional().or(z.literal('').transform(() => undefined)),
});
export type ShareRequest = z.infer<typeof shareRequestSchema>;

/** Body of POST /api/convert: a short goal name such as newsletter or cta-join. */
export const convertRequestSchema = z.object({
  goal: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'goal is 1 to 40 lower-case letters, digits or hyphens, e.g. newsletter'),
});

/** A share link as the API answers it. */
export type ShareLink = {
  code: string;
  storySlug: string;
  channel: Channel;
  advocateId: string;
  advocateName: string | null;
  parentCode: string | null;
  generation: number;
  createdAt: number;
};
