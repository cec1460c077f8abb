/** The plain {type, props} objects satori draws (no JSX in this project). */
export type CardElement = {
  type: string;
  props: { style?: Record<string, string | number>; children?: CardChild | CardChild[]; [name: string]: unknown };
};
export type CardChild = CardElement | string | false | null | undefined;

/** One element: `h('div', { display: 'flex' }, child, ...)`; extra attributes go in `attributes`. */
export function h(
  type: string,
  style: Record<string, string | number>,
  children: CardChild | CardChild[] = [],
  attributes: Record<string, unknown> = {},
): CardElement {
  const list = (Array.isArray(children) ? children : [children]).filter((child) => child !== false && child !== null && child !== undefined && child !== '');
  return { type, props: { ...attributes, style, children: list.length === 1 ? list[0] : list } };
}

/**
 * A headline size that fits: the largest size from `max` down to `min` (steps of 2 px) at which
 * the text, at about `0.52 em` per character, takes at most `lines` lines of `width` pixels.
 * Templates also clamp the lines, so an underestimate ends in an ellipsis, never an overflow.
 */
export function fitFontSize(text: string, options: { width: number; lines: number; max: number; min: number; em?: number }): number {
  const em = options.em ?? 0.52;
  const words = text.split(/\s+/);
  for (let size = options.max; size > options.min; size -= 2) {
    const perLine = options.width / (size * em);
    let lines = 1;
    let used = 0;
    for (const word of words) {
      const length = [...word].length;
      const needed = used === 0 ? length : used + 1 + length;
      if (needed <= perLine) {
        used = needed;
      } else {
        lines += 1;
        used = Math.min(length, perLine);
      }
    }
    if (lines <= options.lines) return size;
  }
  return options.min;
}
