import { fitFontSize, h, type CardElement } from './card-element.ts';
import { fontStack } from './load-card-fonts.ts';
import { CARD_DIMENSIONS, type CardBrand, type CardSize, type Celebration } from './schema.ts';
import { imageSlots } from './story-card.ts';

/**
 * A milestone card (the momentum feature's "small wins"): a big figure, what it counts, and the
 * story it belongs to, on the brand's primary colour.
 */
export function celebrationCard(celebration: Celebration, brand: CardBrand, size: CardSize, logo: string): CardElement {
  const { width, height } = CARD_DIMENSIONS[size];
  const { primary, accent, paper } = brand.colors;
  const serif = fontStack('Fraunces');
  const sans = fontStack('Inter');
  const pad = size === 'og' ? 64 : 88;
  const scale = size === 'vertical' ? 1.4 : size === 'square' ? 1.15 : 1;
  const slots = imageSlots(size);
  const figureSize = fitFontSize(celebration.figure, { width: width - pad * 2, lines: 1, max: Math.round(180 * scale), min: 60, em: 0.6 });
  return h('div', { display: 'flex', flexDirection: 'column', width, height, boxSizing: 'border-box', padding: pad, backgroundColor: primary, color: paper, fontFamily: sans }, [
    h('div', { display: 'flex', alignItems: 'center', justifyContent: 'space-between' }, [
      h('div', { display: 'flex', padding: '10px 18px', backgroundColor: paper, borderRadius: 16 }, h('img', { width: slots.logo.width, height: slots.logo.height }, [], { src: logo, width: slots.logo.width, height: slots.logo.height })),
      h('div', { display: 'flex', fontWeight: 600, fontSize: Math.round(20 * scale), letterSpacing: 2, textTransform: 'uppercase', color: accent, backgroundColor: paper, padding: '8px 16px', borderRadius: 999 }, 'Small win'),
    ]),
    h('div', { display: 'flex', flexDirection: 'column', flexGrow: 1, justifyContent: 'center' }, [
      h('div', { display: 'block', fontFamily: serif, fontWeight: 600, fontSize: figureSize, lineHeight: 1, color: paper, lineClamp: 1 }, celebration.figure),
      h('div', { display: 'block', fontWeight: 600, fontSize: Math.round(36 * scale), lineHeight: 1.2, marginTop: 16, lineClamp: 2 }, celebration.label),
      h('div', { display: 'block', fontFamily: serif, fontStyle: 'italic', fontWeight: 400, fontSize: Math.round(28 * scale), lineHeight: 1.3, marginTop: 24, opacity: 0.85, lineClamp: 2 }, celebration.title),
    ]),
    h('div', { display: 'flex', justifyContent: 'flex-end', fontWeight: 600, fontSize: Math.round(20 * scale), color: paper, opacity: 0.9 }, brand.host),
  ]);
}
