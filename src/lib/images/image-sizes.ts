/**
 * `sizes` for each place an uploaded image is shown: how wide it is drawn, in CSS pixels, at
 * each breakpoint of src/styles/global.css (.wrap is min(100% - 2 x 1rem..1.5rem, 72rem);
 * breakpoints at 40rem and 64rem). The browser multiplies by the screen's pixel ratio and picks
 * the narrowest variant that covers it. Slightly too wide is fine; too narrow blurs.
 */
export const IMAGE_SIZES = {
  /** Story and journey hero: full width, at most 72rem. */
  hero: '(min-width: 72rem) 72rem, 100vw',
  /** Home page lead story: the 3fr column of .lead-story from 64rem, the whole wrap below. */
  lead: '(min-width: 75rem) 42rem, (min-width: 64rem) 60vw, calc(100vw - 2rem)',
  /** Story and journey cards: three columns from 64rem, two from 40rem, one below. */
  card: '(min-width: 75rem) 23rem, (min-width: 64rem) 33vw, (min-width: 40rem) 50vw, calc(100vw - 2rem)',
  /** Customer portrait: a 64 px circle. */
  portrait: '64px',
} as const;

export type ImagePlace = keyof typeof IMAGE_SIZES;
