import type { CardCache } from './create-card-cache.ts';
import { createCardKeys } from './create-card-keys.ts';
import { cardSizes, type CardBrand, type CardContent, type CardIndex, type CardKind, type CardSize, type Celebration } from './schema.ts';

/** What renders cards: the worker pool in the server and the build, the renderer itself in tests. */
export type CardRenderService = {
  renderStory(content: CardContent, brand: CardBrand, size: CardSize): Promise<Buffer>;
  personalize(base: Buffer, name: string, brand: CardBrand): Promise<Buffer>;
  renderCelebration(celebration: Celebration, brand: CardBrand, size: CardSize): Promise<Buffer>;
};

/** A card ready to send: its key (the strong ETag) and its PNG. */
export type Card = { key: string; png: Buffer };

/**
 * Cards of the build's stories and journeys, each rendered at most once per content hash: from
 * memory (bounded by bytes, least recently used dropped), else from the disk cache, else rendered,
 * with concurrent requests for the same card sharing one rendering.
 */
export function createCardService(input: { index: CardIndex; publicDir: string; cache: CardCache; renderer: CardRenderService; memoryBytes?: number }) {
  const { index, cache, renderer } = input;
  const keys = createCardKeys(input.publicDir);
  const byKindAndSlug = new Map(index.cards.map((content) => [`${content.kind}/${content.slug}`, content]));
  const storyKeys = new Map<string, string>();
  /** Personalized and celebration card keys made per story, so a withdrawal can purge them too. */
  const derivedKeys = new Map<string, Set<string>>();
  const memory = new Map<string, Buffer>();
  const memoryLimit = input.memoryBytes ?? 64 * 1024 * 1024;
  let memoryUsed = 0;
  const inFlight = new Map<string, Promise<Buffer>>();
  let renders = 0;

  function remember(key: string, png: Buffer) {
    if (png.length > memoryLimit) return;
    const old = memory.get(key);
    if (old) {
      memory.delete(key);
      memoryUsed -= old.length;
    }
    memory.set(key, png);
    memoryUsed += png.length;
    while (memoryUsed > memoryLimit) {
      const [oldestKey, oldest] = memory.entries().next().value!;
      memory.delete(oldestKey);
      memoryUsed -= oldest.length;
    }
  }

  function forget(key: string) {
    const png = memory.get(key);
    if (!png) return;
    memory.delete(key);
    memoryUsed -= png.length;
  }

  /** Memory, then disk, then `render` (once, however many ask at the same time). */
  function obtain(key: string, render: () => Promise<Buffer>): Promise<Buffer> {
    const hot = memory.get(key);
    if (hot) {
      memory.delete(key);
      memory.set(key, hot);
      return Promise.resolve(hot);
    }
    let flight = inFlight.get(key);
    if (!flight) {
      flight = (async () => {
        let png = await cache.get(key);
        if (!png) {
          renders += 1;
          png = await render();
          // A full or read-only disk must not take the card down with it: serve it from memory.
          await cache.put(key, png).catch((error: unknown) => console.error(`share card ${key} not cached on disk:`, error));
        }
        remember(key, png);
        return png;
      })().finally(() => inFlight.delete(key));
      inFlight.set(key, flight);
    }
    return flight;
  }

  function content(kind: CardKind, slug: string): CardContent | undefined {
    return byKindAndSlug.get(`${kind}/${slug}`);
  }

  function storyKey(item: CardContent, size: CardSize): string {
    const id = `${item.kind}/${item.slug}/${size}`;
    let key = storyKeys.get(id);
    if (!key) {
      key = keys.story(item, index.brand, size);
      storyKeys.set(id, key);
    }
    return key;
  }

  async function storyCard(item: CardContent, size: CardSize): Promise<Card> {
    const key = storyKey(item, size);
    return { key, png: await obtain(key, () => renderer.renderStory(item, index.brand, size)) };
  }

  /** The key of a card without rendering it (answers If-None-Match without touching the disk). */
  function keyOf(kind: CardKind, slug: string, size: CardSize): string | undefined {
    const item = content(kind, slug);
    return item && storyKey(item, size);
  }

  return {
    index,
    content,
    keyOf,
    /** A story or journey card, or undefined for an unknown slug. */
    async card(kind: CardKind, slug: string, size: CardSize): Promise<Card | undefined> {
      const item = content(kind, slug);
      return item && storyCard(item, size);
    },
    /** Key of a story's Open Graph card with "shared by <name>" on it (the plain card without a name). */
    personalKeyOf(slug: string, name: string | null): string | undefined {
      const base = keyOf('stories', slug, 'og');
      return base && name ? keys.personal(base, name) : base;
    },
    /** A story's Open Graph card with "shared by <name>": the base card plus a composited badge. */
    async personalCard(slug: string, name: string | null): Promise<Card | undefined> {
      const item = content('stories', slug);
      if (!item) return undefined;
      const base = await storyCard(item, 'og');
      if (!name) return base;
      const key = keys.personal(base.key, name);
      derivedKeys.set(slug, (derivedKeys.get(slug) ?? new Set()).add(key));
      return { key, png: await obtain(key, () => renderer.personalize(base.png, name, index.brand)) };
    },
    /** Key of a celebration card without rendering it (answers If-None-Match). */
    celebrationKeyOf(celebration: Celebration, size: CardSize): string {
      return keys.celebration(celebration, index.brand, size);
    },
    /**
     * A win's celebration card in one format. `storySlug` names the story it draws, so that the
     * story's withdrawal purges it with the story's own cards.
     */
    async celebrationCard(celebration: Celebration, size: CardSize, storySlug?: string): Promise<Card> {
      const key = keys.celebration(celebration, index.brand, size);
      if (storySlug) derivedKeys.set(storySlug, (derivedKeys.get(storySlug) ?? new Set()).add(key));
      return { key, png: await obtain(key, () => renderer.renderCelebration(celebration, index.brand, size)) };
    },
    /**
     * Renders every card of the index that is not in the disk cache yet (build time), reporting
     * progress; returns how many were rendered and how many were already there.
     */
    async prerender(onProgress: (done: number, total: number) => void = () => undefined): Promise<{ rendered: number; cached: number }> {
      const all = index.cards.flatMap((item) => cardSizes.map((size) => ({ item, size })));
      let done = 0;
      let cached = 0;
      const before = renders;
      const missing: typeof all = [];
      for (const job of all) {
        if (await cache.has(storyKey(job.item, job.size))) cached += 1;
        else missing.push(job);
      }
      await Promise.all(
        missing.map(async ({ item, size }) => {
          const key = storyKey(item, size);
          await obtain(key, () => renderer.renderStory(item, index.brand, size));
          forget(key);
          onProgress(++done, missing.length);
        }),
      );
      return { rendered: renders - before, cached };
    },
    /**
     * A story was withdrawn by its author: its cards answer 404 from now on, and the cached PNGs
     * (memory and disk, plus the personalized and celebration ones this instance made) are purged.
     */
    async withdraw(slug: string): Promise<void> {
      const item = content('stories', slug);
      if (!item) return;
      const purge = [...cardSizes.map((size) => storyKey(item, size)), ...(derivedKeys.get(slug) ?? [])];
      byKindAndSlug.delete(`stories/${slug}`);
      derivedKeys.delete(slug);
      for (const key of purge) forget(key);
      await Promise.all(purge.map((key) => cache.delete(key)));
    },
    /** How many cards this service has rendered (not taken from a cache). */
    get renders() {
      return renders;
    },
  };
}

export type CardService = ReturnType<typeof createCardService>;
