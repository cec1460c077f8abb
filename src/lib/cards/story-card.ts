import { fitFontSize, h, type CardElement } from './card-element.ts';
import { fontStack } from './load-card-fonts.ts';
import { CARD_DIMENSIONS, type CardBrand, type CardContent, type CardSize } from './schema.ts';

/** Bump when a template changes what it draws: every cached card is then drawn again. */
export const TEMPLATE_VERSION = 5;

/**
 * Images a card needs, already cropped to their slot (data URIs); see `imageSlots`. Without a
 * `hero` the template leaves its slot empty, for the renderer to composite the photo in.
 */
export type CardImages = { hero: string | undefined; photo: string | undefined; logo: string };

type Slot = { width: number; height: number };

/** Width of the accent rule between the hero image and the text. */
const RULE = { og: 8, square: 8, vertical: 10 } as const;

/**
 * Where each image of a format is drawn (the hero with its position), so images are cropped to
 * exactly what is drawn, and the hero can be composited after rasterizing.
 */
export function imageSlots(size: CardSize): { hero: Slot & { left: number; top: number }; photo: Slot; logo: Slot } {
  const logoHeight = size === 'og' ? 44 : size === 'square' ? 48 : 60;
  const logo = { width: Math.round((logoHeight * 460) / 120), height: logoHeight };
  const photoSide = size === 'og' ? 64 : size === 'square' ? 76 : 96;
  const hero =
    size === 'og'
      ? { width: 432, height: 630, left: 1200 - 432, top: 0 }
      : size === 'square'
        ? { width: 1080, height: 430 - RULE.square, left: 0, top: 0 }
        : { width: 1080, height: 800 - RULE.vertical, left: 0, top: 0 };
  return { hero, photo: { width: photoSide, height: photoSide }, logo };
}

/** Layout numbers per format. */
const LAYOUT = {
  og: { pad: 56, text: 1200 - 440 - 56 * 2, title: { max: 56, min: 34, lines: 3 }, quote: 24, quoteLines: 3, name: 22, role: 18, chip: 17, url: 18 },
  square: { pad: 64, text: 1080 - 64 * 2, title: { max: 68, min: 40, lines: 3 }, quote: 30, quoteLines: 3, name: 26, role: 21, chip: 19, url: 22 },
  vertical: { pad: 80, text: 1080 - 80 * 2, title: { max: 88, min: 52, lines: 4 }, quote: 40, quoteLines: 5, name: 32, role: 26, chip: 24, url: 28 },
} as const;

/** Colour with alpha from a #rrggbb value. */
function alpha(hex: string, opacity: number): string {
  const value = parseInt(hex.slice(1), 16);
  return `rgba(${(value >> 16) & 255}, ${(value >> 8) & 255}, ${value & 255}, ${opacity})`;
}

/**
 * The brand-themed card of a story or journey: cause, title, pull quote, customer, hero image,
 * logo and the hub's address, in brand colours and type. Long text shrinks, then wraps, then
 * ends in an ellipsis: nothing leaves its box.
 */
export function storyCard(content: CardContent, brand: CardBrand, size: CardSize, images: CardImages): CardElement {
  const { width, height } = CARD_DIMENSIONS[size];
  const layout = LAYOUT[size];
  const slots = imageSlots(size);
  const { primary, accent, ink, paper } = brand.colors;
  const serif = fontStack('Fraunces');
  const sans = fontStack('Inter');
  const titleSize = fitFontSize(content.title, { width: layout.text, lines: layout.title.lines, max: layout.title.max, min: layout.title.min });

  const chip = h(
    'div',
    { display: 'flex', alignSelf: 'flex-start', backgroundColor: accent, color: paper, fontFamily: sans, fontWeight: 600, fontSize: layout.chip, letterSpacing: 1.5, textTransform: 'uppercase', padding: `${Math.round(layout.chip * 0.4)}px ${Math.round(layout.chip * 0.9)}px`, borderRadius: 999 },
    content.kind === 'journeys' ? `Journey · ${content.cause}` : content.cause,
  );
  const title = h(
    'div',
    { display: 'block', fontFamily: serif, fontWeight: 600, fontSize: titleSize, lineHeight: 1.08, color: primary, letterSpacing: -0.5, lineClamp: layout.title.lines, marginTop: Math.round(layout.pad * 0.45) },
    content.title,
  );
  const quote = h(
    'div',
    { display: 'flex', marginTop: Math.round(layout.pad * 0.4), paddingLeft: Math.round(layout.quote * 0.8), borderLeft: `${size === 'og' ? 4 : 6}px solid ${accent}` },
    h('div', { display: 'block', fontFamily: serif, fontStyle: 'italic', fontWeight: 400, fontSize: layout.quote, lineHeight: 1.3, color: ink, lineClamp: layout.quoteLines }, `“${content.quote}”`),
  );
  const initials = content.customer.name
    .split(/\s+/)
    .slice(0, 2)
    .map((word) => [...word][0]?.toUpperCase() ?? '')
    .join('');
  const portrait = images.photo
    ? h('img', { width: slots.photo.width, height: slots.photo.height, borderRadius: '50%', border: `3px solid ${paper}` }, [], { src: images.photo, width: slots.photo.width, height: slots.photo.height })
    : h('div', { display: 'flex', alignItems: 'center', justifyContent: 'center', width: slots.photo.width, height: slots.photo.height, borderRadius: '50%', backgroundColor: primary, color: paper, fontFamily: sans, fontWeight: 600, fontSize: Math.round(slots.photo.width * 0.36) }, initials);
  const customer = h('div', { display: 'flex', alignItems: 'center', minWidth: 0, flexShrink: 1 }, [
    portrait,
    h('div', { display: 'flex', flexDirection: 'column', marginLeft: Math.round(layout.name * 0.7), minWidth: 0, flexShrink: 1 }, [
      h('div', { display: 'block', fontFamily: sans, fontWeight: 600, fontSize: layout.name, color: ink, lineClamp: 1 }, content.customer.name),
      h('div', { display: 'block', fontFamily: sans, fontWeight: 400, fontSize: layout.role, color: alpha(ink, 0.7), lineClamp: 1, marginTop: 2 }, content.customer.role),
    ]),
  ]);
  const logo = h('img', { width: slots.logo.width, height: slots.logo.height }, [], { src: images.logo, width: slots.logo.width, height: slots.logo.height });
  const address = h('div', { display: 'flex', fontFamily: sans, fontWeight: 600, fontSize: layout.url, color: accent, letterSpacing: 0.5, flexShrink: 0, marginLeft: 16 }, brand.host);
  const hero = images.hero
    ? h('img', { width: slots.hero.width, height: slots.hero.height }, [], { src: images.hero, width: slots.hero.width, height: slots.hero.height })
    : h('div', { display: 'flex', width: slots.hero.width, height: slots.hero.height, backgroundColor: primary });
  const root = { display: 'flex', width, height, boxSizing: 'border-box', backgroundColor: paper, fontFamily: sans } as const;

  if (size === 'og') {
    return h('div', { ...root, flexDirection: 'row' }, [
      h('div', { display: 'flex', flexDirection: 'column', width: width - slots.hero.width - RULE.og, height, padding: `${layout.pad - 8}px ${layout.pad}px ${layout.pad - 12}px`, boxSizing: 'border-box' }, [
        h('div', { display: 'flex', alignItems: 'center', justifyContent: 'space-between' }, [logo, address]),
        h('div', { display: 'flex', flexDirection: 'column', flexGrow: 1, justifyContent: 'center', minHeight: 0 }, [chip, title, quote]),
        h('div', { display: 'flex', alignItems: 'center' }, customer),
      ]),
      h('div', { display: 'flex', boxSizing: 'border-box', width: slots.hero.width + RULE.og, height, borderLeft: `${RULE.og}px solid ${accent}` }, hero),
    ]);
  }

  return h('div', { ...root, flexDirection: 'column' }, [
    h('div', { display: 'flex', boxSizing: 'border-box', width, height: slots.hero.height + RULE[size], borderBottom: `${RULE[size]}px solid ${accent}` }, hero),
    h('div', { display: 'flex', flexDirection: 'column', flexGrow: 1, padding: `${layout.pad * 0.8}px ${layout.pad}px ${layout.pad * 0.75}px`, boxSizing: 'border-box', minHeight: 0 }, [
      chip,
      h('div', { display: 'flex', flexDirection: 'column', flexGrow: 1, justifyContent: size === 'vertical' ? 'center' : 'flex-start', minHeight: 0 }, [title, quote]),
      h('div', { display: 'flex', alignItems: 'center', marginTop: layout.pad * 0.5 }, customer),
      h('div', { display: 'flex', alignItems: 'center', justifyContent: 'space-between', marginTop: layout.pad * 0.5, paddingTop: layout.pad * 0.4, borderTop: `2px solid ${alpha(primary, 0.15)}` }, [logo, address]),
    ]),
  ]);
}
