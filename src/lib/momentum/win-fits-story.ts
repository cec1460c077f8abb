import type { FoundWin } from './get-win.ts';

/** A story's win may only be shared with (and previewed on a link of) that story; the hub's and advocates' wins with any. */
export function winFitsStory(win: Pick<FoundWin, 'scope' | 'story'>, storySlug: string): boolean {
  return win.scope !== 'story' || win.story === storySlug;
}
