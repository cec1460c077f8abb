import { h, type CardElement } from './card-element.ts';
import { fontStack } from './load-card-fonts.ts';
import type { CardBrand } from './schema.ts';

/** Where the badge sits on an Open Graph card: top right, over the hero image. */
export const SHARED_BY_BADGE = { width: 400, height: 60, left: 1200 - 400 - 28, top: 28 } as const;

/**
 * The personal line of a share link's card, drawn on its own (transparent around the pill) so
 * that it can be composited onto the story's cached card instead of drawing the card again.
 */
export function sharedByBadge(name: string, brand: CardBrand): CardElement {
  const { primary, paper, accent } = brand.colors;
  const sans = fontStack('Inter');
  return h('div', { display: 'flex', width: SHARED_BY_BADGE.width, height: SHARED_BY_BADGE.height, justifyContent: 'flex-end', alignItems: 'center' }, [
    h('div', { display: 'flex', alignItems: 'center', maxWidth: SHARED_BY_BADGE.width, height: SHARED_BY_BADGE.height, padding: '0 24px', boxSizing: 'border-box', borderRadius: 999, backgroundColor: paper, border: `3px solid ${accent}` }, [
      h('div', { display: 'flex', fontFamily: sans, fontWeight: 400, fontSize: 22, color: primary, flexShrink: 0 }, 'Shared by\u00a0'),
      h('div', { display: 'block', fontFamily: sans, fontWeight: 700, fontSize: 22, color: primary, lineClamp: 1, flexShrink: 1, minWidth: 0 }, name),
    ]),
  ]);
}
