/** Widths (px) the hub encodes uploaded images at: from a small phone at 1x to a wide screen at 1x. */
export const VARIANT_WIDTHS = [320, 480, 640, 800, 1024, 1280, 1600] as const;

/**
 * The widths to encode an image of `sourceWidth` at: every ladder width narrower than the
 * source, then the source width itself when it is inside the ladder's range (never upscaled,
 * and a 1000 px photo still gets its full 1000 px). A source narrower than the first step is
 * kept at its own width only.
 */
export function variantWidths(sourceWidth: number, ladder: readonly number[] = VARIANT_WIDTHS): number[] {
  const largest = Math.min(sourceWidth, ladder.at(-1)!);
  const widths = ladder.filter((width) => width < largest);
  return [...widths, largest];
}
