import type { Intent } from './schema.ts';

/** How each micro-moment reads to a visitor. */
export const intentLabels: Record<Intent, { label: string; hint: string }> = {
  learn: { label: 'Learn', hint: 'Understand how and why' },
  do: { label: 'Do', hint: 'Try it yourself' },
  discover: { label: 'Discover', hint: 'Meet the people and places' },
  buy: { label: 'Buy', hint: 'Choose well, keep it longer' },
};
