import { describe, expect, it } from 'vitest';
import { variantWidths } from '../../../src/lib/images/variant-widths.ts';

describe('variantWidths', () => {
  it.each([
    ['a 4000 px phone photo gets the whole ladder up to 1600', 4000, [320, 480, 640, 800, 1024, 1280, 1600]],
    ['a 1600 px hero gets the whole ladder', 1600, [320, 480, 640, 800, 1024, 1280, 1600]],
    ['a 1000 px photo stops at its own width', 1000, [320, 480, 640, 800, 1000]],
    ['a 600 px portrait is never upscaled', 600, [320, 480, 600]],
    ['a 320 px image keeps its one width', 320, [320]],
    ['an image narrower than the first step keeps its own width', 200, [200]],
  ])('%s', (_, sourceWidth, widths) => {
    expect(variantWidths(sourceWidth)).toEqual(widths);
  });
});
