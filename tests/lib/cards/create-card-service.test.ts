import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCardCache } from '../../../src/lib/cards/create-card-cache.ts';
import { createCardRenderer, type CardRenderer } from '../../../src/lib/cards/create-card-renderer.ts';
import { createCardService, type CardRenderService } from '../../../src/lib/cards/create-card-service.ts';
import type { CardIndex } from '../../../src/lib/cards/schema.ts';
import { brand, PUBLIC_DIR, story } from './card-fixtures.ts';

const index: CardIndex = {
  brand,
  cards: [story, { ...story, kind: 'journeys', slug: 'isla-fourteen-winters', title: 'Isla: fourteen winters' }],
};

let renderer: CardRenderer;
const dirs: string[] = [];
beforeAll(() => {
  renderer = createCardRenderer({ publicDir: PUBLIC_DIR });
});
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** The real renderer, counting what it is asked to draw. */
function counting(): CardRenderService & { calls: number } {
  const counter = {
    calls: 0,
    renderStory: (...args: Parameters<CardRenderer['renderStory']>) => {
      counter.calls += 1;
      return renderer.renderStory(...args);
    },
    personalize: (...args: Parameters<CardRenderer['personalize']>) => {
      counter.calls += 1;
      return renderer.personalize(...args);
    },
    renderCelebration: (...args: Parameters<CardRenderer['renderCelebration']>) => {
      counter.calls += 1;
      return renderer.renderCelebration(...args);
    },
  };
  return counter;
}

function tempDir() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cards-'));
  dirs.push(dir);
  return dir;
}

const serviceOver = (dir: string, render = counting()) => ({
  render,
  service: createCardService({ index, publicDir: PUBLIC_DIR, cache: createCardCache(dir), renderer: render }),
});

describe('createCardService', { timeout: 30_000 }, () => {
  it('renders a card once for 50 concurrent requests, and serves them all the same bytes', async () => {
    const { service, render } = serviceOver(tempDir());
    const cards = await Promise.all(Array.from({ length: 50 }, () => service.card('stories', story.slug, 'og')));
    expect(render.calls).toBe(1);
    expect(new Set(cards.map((card) => card!.key)).size).toBe(1);
    expect(cards.every((card) => card!.png === cards[0]!.png)).toBe(true);
  });

  it('takes a card rendered by another instance from the shared disk cache', async () => {
    const dir = tempDir();
    const first = serviceOver(dir);
    await first.service.card('journeys', 'isla-fourteen-winters', 'square');
    const second = serviceOver(dir);
    const card = await second.service.card('journeys', 'isla-fourteen-winters', 'square');
    expect(second.render.calls).toBe(0);
    expect((await sharp(card!.png).metadata()).width).toBe(1080);
  });

  it('answers undefined for an unknown slug or a slug of the other kind', async () => {
    const { service } = serviceOver(tempDir());
    expect(await service.card('stories', 'no-such-story', 'og')).toBeUndefined();
    expect(service.keyOf('journeys', story.slug, 'og')).toBeUndefined();
  });

  it('gives a new key when anything drawn changes, and the same key otherwise', () => {
    const { service } = serviceOver(tempDir());
    const key = service.keyOf('stories', story.slug, 'og');
    const same = createCardService({ index, publicDir: PUBLIC_DIR, cache: createCardCache(tempDir()), renderer: counting() });
    const retitled = createCardService({ index: { ...index, cards: [{ ...story, title: 'Fifteen winters' }] }, publicDir: PUBLIC_DIR, cache: createCardCache(tempDir()), renderer: counting() });
    const recoloured = createCardService({ index: { ...index, brand: { ...brand, colors: { ...brand.colors, accent: '#000000' } } }, publicDir: PUBLIC_DIR, cache: createCardCache(tempDir()), renderer: counting() });
    expect(same.keyOf('stories', story.slug, 'og')).toBe(key);
    expect(retitled.keyOf('stories', story.slug, 'og')).not.toBe(key);
    expect(recoloured.keyOf('stories', story.slug, 'og')).not.toBe(key);
    expect(service.keyOf('stories', story.slug, 'square')).not.toBe(key);
  });

  it('prerenders every card once: a second run with unchanged content renders none', async () => {
    const dir = tempDir();
    const progress: string[] = [];
    const first = await serviceOver(dir).service.prerender((done, total) => progress.push(`${done}/${total}`));
    expect(first).toEqual({ rendered: 6, cached: 0 });
    expect(progress.at(-1)).toBe('6/6');
    const second = serviceOver(dir);
    expect(await second.service.prerender()).toEqual({ rendered: 0, cached: 6 });
    expect(second.render.calls).toBe(0);
  });

  it('draws a personalized card from the base card, and the base card when there is no name', async () => {
    const { service, render } = serviceOver(tempDir());
    const base = await service.card('stories', story.slug, 'og');
    const personal = await service.personalCard(story.slug, 'Ana');
    const again = await service.personalCard(story.slug, 'Ana');
    const anonymous = await service.personalCard(story.slug, null);
    expect(personal!.key).not.toBe(base!.key);
    expect(again!.key).toBe(personal!.key);
    expect(anonymous!.key).toBe(base!.key);
    expect(render.calls).toBe(2);
    expect(service.personalKeyOf(story.slug, 'Ana')).toBe(personal!.key);
  });

  it.each([
    ['og', 1200, 630],
    ['square', 1080, 1080],
    ['vertical', 1080, 1920],
  ] as const)('draws a win\'s %s celebration card once, under the key it announces', async (size, width, height) => {
    const { service, render } = serviceOver(tempDir());
    const celebration = { figure: '3rd generation', label: 'Friends of friends of friends.', title: story.title };
    const [card, again] = await Promise.all([service.celebrationCard(celebration, size), service.celebrationCard(celebration, size)]);
    expect(render.calls).toBe(1);
    expect(again!.key).toBe(card.key);
    expect(service.celebrationKeyOf(celebration, size)).toBe(card.key);
    expect(service.celebrationKeyOf({ ...celebration, figure: '4th generation' }, size)).not.toBe(card.key);
    expect(await sharp(card.png).metadata()).toMatchObject({ format: 'png', width, height });
  });

  it('purges a story\'s celebration cards from the disk cache when the story is withdrawn', async () => {
    const dir = tempDir();
    const { service } = serviceOver(dir);
    const card = await service.celebrationCard({ figure: 'First share', label: 'Shared for the first time.', title: story.title }, 'og', story.slug);
    expect(fs.existsSync(path.join(dir, `${card.key}.png`))).toBe(true);
    await service.withdraw(story.slug);
    expect(fs.existsSync(path.join(dir, `${card.key}.png`))).toBe(false);
  });
});

describe('createCardCache', () => {
  it('prunes the oldest cards beyond its limit', async () => {
    const dir = tempDir();
    const cache = createCardCache(dir, { maxFiles: 3 });
    for (let i = 0; i < 5; i += 1) {
      const key = `card-key-number-${i}-xxxxxxxx`;
      fs.writeFileSync(path.join(dir, `${key}.png`), 'png');
      fs.utimesSync(path.join(dir, `${key}.png`), new Date(1_000 * i), new Date(1_000 * i));
    }
    expect(await cache.prune()).toBe(2);
    expect(fs.readdirSync(dir).sort()).toEqual(['card-key-number-2-xxxxxxxx.png', 'card-key-number-3-xxxxxxxx.png', 'card-key-number-4-xxxxxxxx.png']);
  });

  it('refuses keys that could leave its folder', async () => {
    await expect(createCardCache(tempDir()).put('../../etc/passwd-xxxxxxxxxxxx', Buffer.from('x'))).rejects.toThrow(/invalid card key/);
  });
});
