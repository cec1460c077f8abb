/** What must forget a story the moment its author withdraws it (caches, counters, cards). */
export type StoryWithdrawnListener = (slug: string) => void | Promise<void>;

/** Tells every listener, one after another; a listener that fails is logged and the others still run. */
export async function notifyWithdrawn(listeners: readonly StoryWithdrawnListener[], slug: string): Promise<void> {
  for (const listener of listeners) {
    try {
      await listener(slug);
    } catch (error) {
      console.error(`A story-withdrawn listener failed for ${slug}:`, error);
    }
  }
}
