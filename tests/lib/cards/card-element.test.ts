import { describe, expect, it } from 'vitest';
import { fitFontSize, h } from '../../../src/lib/cards/card-element.ts';

describe('fitFontSize', () => {
  const box = { width: 600, lines: 3, max: 60, min: 34 };

  it('keeps a short title at the maximum size', () => {
    expect(fitFontSize('One shell', box)).toBe(60);
  });

  it('shrinks a title that would take more lines than allowed at the maximum', () => {
    const size = fitFontSize('Fourteen winters, one shell, and the people who mended it again and again', box);
    expect(size).toBeLessThan(60);
    expect(size).toBeGreaterThan(34);
  });

  it('never goes below the minimum, however long the text (the template clamps the lines)', () => {
    expect(fitFontSize('word '.repeat(200), box)).toBe(34);
  });

  it('shrinks as the text grows', () => {
    const sizes = [20, 60, 100, 140].map((length) => fitFontSize('mend '.repeat(length / 5), box));
    expect([...sizes].sort((a, b) => b - a)).toEqual(sizes);
  });
});

describe('h', () => {
  it('drops empty children and unwraps a single child', () => {
    expect(h('div', { display: 'flex' }, [false, 'text', undefined, ''])).toEqual({ type: 'div', props: { style: { display: 'flex' }, children: 'text' } });
  });
});
