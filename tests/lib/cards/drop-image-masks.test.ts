import { describe, expect, it } from 'vitest';
import { dropImageMasks } from '../../../src/lib/cards/drop-image-masks.ts';

const plainMask = '<mask id="m1"><rect x="0" y="0" width="64" height="64" fill="#fff"/></mask>';
const fancyMask = '<mask id="m2"><rect x="0" y="0" width="64" height="64" fill="url(#g)"/></mask>';

describe('dropImageMasks', () => {
  it('drops a plain white-rect mask from a clipped image', () => {
    const svg = `${plainMask}<image x="0" y="0" width="64" height="64" href="a" clip-path="url(#c1)" mask="url(#m1)"/>`;
    expect(dropImageMasks(svg)).toBe(`${plainMask}<image x="0" y="0" width="64" height="64" href="a" clip-path="url(#c1)"/>`);
  });

  it.each([
    ['a mask that draws something', `${fancyMask}<image href="a" clip-path="url(#c1)" mask="url(#m2)"/>`],
    ['an image without a clip-path', `${plainMask}<image href="a" mask="url(#m1)"/>`],
    ['a masked element that is not an image', `${plainMask}<g clip-path="url(#c1)" mask="url(#m1)"></g>`],
  ])('keeps %s', (_name, svg) => {
    expect(dropImageMasks(svg)).toBe(svg);
  });
});
