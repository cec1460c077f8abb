import { describe, expect, it } from 'vitest';
import { winFitsStory } from '../../../src/lib/momentum/win-fits-story.ts';

describe('winFitsStory', () => {
  it.each([
    ['a story’s win with its own story', { scope: 'story', story: 'story-a' }, true],
    ['a story’s win with another story', { scope: 'story', story: 'story-b' }, false],
    ['an advocate’s win with any story', { scope: 'advocate', story: null }, true],
    ['the hub’s win with any story', { scope: 'hub', story: null }, true],
  ] as const)('%s: fits is %s', (_case, win, fits) => {
    expect(winFitsStory(win, 'story-a')).toBe(fits);
  });
});
