import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { createCardPool } from '../../../src/lib/cards/create-card-pool.ts';
import { brand, PUBLIC_DIR, story } from './card-fixtures.ts';

const pool = createCardPool({ publicDir: PUBLIC_DIR, size: 2 });
afterAll(() => pool.close());

describe('createCardPool', { timeout: 30_000 }, () => {
  it('renders cards in worker threads, several at once', async () => {
    const cards = await Promise.all([
      pool.renderStory(story, brand, 'og'),
      pool.renderStory({ ...story, title: 'Another title' }, brand, 'square'),
      pool.renderCelebration({ figure: '500', label: 'shares', title: story.title }, brand, 'vertical'),
    ]);
    const sizes = await Promise.all(cards.map(async (png) => {
      const { width, height } = await sharp(png).metadata();
      return `${width}x${height}`;
    }));
    expect(sizes).toEqual(['1200x630', '1080x1080', '1080x1920']);
  });

  it('reports a card that cannot be drawn as an error and keeps working', async () => {
    await expect(pool.renderStory({ ...story, image: '/images/missing.jpg' }, brand, 'og')).rejects.toThrow(/card rendering failed: .*missing\.jpg/);
    expect((await sharp(await pool.renderStory(story, brand, 'og')).metadata()).width).toBe(1200);
  });

  it('refuses work once closed', async () => {
    const closing = createCardPool({ publicDir: PUBLIC_DIR, size: 1 });
    await closing.close();
    await expect(closing.renderStory(story, brand, 'og')).rejects.toThrow(/closed/);
  });
});
