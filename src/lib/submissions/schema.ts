import { z } from 'zod';
import { slugSchema } from '../brand/schema.ts';
import { hasInvisibleCharacters } from '../text/has-invisible-characters.ts';

/** Limits a visitor's story must keep; the form shows them and the server enforces them. */
export const STORY_MIN = 50;
export const STORY_MAX = 10_000;
export const PHOTO_MAX_BYTES = 5 * 1024 * 1024;
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;

/** Blank, or "anonymous" in any case, means the story is published without a name. */
const displayName = z
  .string()
  .trim()
  .max(80, 'Your name can be at most 80 characters.')
  .refine((name) => !/[<>]/.test(name), 'Your name cannot contain < or >.')
  .refine((name) => !hasInvisibleCharacters(name), 'Your name cannot contain invisible or control characters (such as a right-to-left override). Please type it again without them.')
  .transform((name) => (name === '' || name.toLowerCase() === 'anonymous' ? null : name));

/** An unticked checkbox sends nothing; a ticked one sends "on" (or true from JSON). */
const consent = z.preprocess(
  (value) => value === true || value === 'on' || value === 'true' || value === 'yes',
  z.literal(true, { error: 'Please tick the box: we can only publish your story with your permission.' }),
);

/**
 * What a visitor sends from /submit (form fields or JSON). The same schema validates in the
 * browser as the visitor types and on the server.
 */
export const submissionInputSchema = z.object({
  /** The story's title, as the visitor wants it. */
  title: z
    .string({ error: 'Please give your story a title.' })
    .trim()
    .min(3, 'Please give your story a title (at least 3 characters).')
    .max(160, 'The title can be at most 160 characters.'),
  /** The story itself: plain text or simple Markdown. */
  story: z
    .string({ error: 'Please write your story.' })
    .trim()
    .min(STORY_MIN, `Please tell us a little more: at least ${STORY_MIN} characters.`)
    .max(STORY_MAX, `Your story can be at most ${STORY_MAX.toLocaleString('en')} characters.`),
  /** Slug of one of the brand's causes. */
  cause: z
    .string({ error: 'Please choose the cause your story relates to.' })
    .trim()
    .min(1, 'Please choose the cause your story relates to.')
    .pipe(slugSchema),
  /** Name as it should appear; null means anonymous. */
  name: displayName.default(''),
  /** Private, for follow-up only; never shown publicly. */
  email: z
    .string({ error: 'Please give an email address so we can reach you about your story.' })
    .trim()
    .max(254, 'That email address is too long.')
    .pipe(z.email('Please give a valid email address, such as you@example.com.')),
  consent,
});

export type SubmissionInput = z.infer<typeof submissionInputSchema>;
export type SubmissionFields = keyof SubmissionInput;

/** A visitor's edit while the story is pending: the same fields, consent given again. */
export const submissionEditSchema = submissionInputSchema.omit({ email: true });
export type SubmissionEdit = z.infer<typeof submissionEditSchema>;

/** An editor's edit in the dashboard. */
export const moderatorEditSchema = submissionInputSchema.pick({ title: true, story: true, cause: true, name: true });
export type ModeratorEdit = z.infer<typeof moderatorEditSchema>;

/** Why an editor rejects a story or asks for changes: shown to the visitor on their private link. */
export const moderatorNoteSchema = z.object({
  note: z
    .string({ error: 'Please say why, for the visitor.' })
    .trim()
    .min(3, 'Please say why, for the visitor (at least 3 characters).')
    .max(2000, 'The note can be at most 2,000 characters.'),
});

/** Field errors by field name, the first message of each. */
export function fieldErrors(issues: readonly { path: PropertyKey[]; message: string }[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    const field = String(issue.path[0] ?? 'form');
    errors[field] ??= issue.message;
  }
  return errors;
}

/** The exact consent the visitor ticks; stored word for word with the submission. */
export function consentText(brandName: string): string {
  return (
    `I agree that ${brandName} may publish my story, the name I gave and my photo on its website and ` +
    `share them on social media, editing them for length and clarity. I can withdraw my story at any time ` +
    `from my private link.`
  );
}
