import type { FoundWin } from './get-win.ts';

/**
 * Whether a win may be shared through a link to this story: a win of a story may only be shared
 * with that story; hub and advocate wins with any.
 */
export function winFitsStory(win: Pick<FoundWin, 'scope' | 'story'>, storySlug: string): boolean {
  return win.scope !== 'story' || win.story === storySlug;
}
