import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../../src/lib/db/create-db.ts';
import { getOrCreateSecret } from '../../../src/lib/db/get-or-create-secret.ts';
import { assignWinIds } from '../../../src/lib/momentum/assign-win-ids.ts';
import { createMomentum } from '../../../src/lib/momentum/create-momentum.ts';
import { createWinViews } from '../../../src/lib/momentum/create-win-views.ts';
import { getWin } from '../../../src/lib/momentum/get-win.ts';
import { winIdSchema, type Milestone } from '../../../src/lib/momentum/schema.ts';
import { toCelebration, winFigure } from '../../../src/lib/momentum/to-celebration.ts';
import { WIN_ID_SECRET, winId } from '../../../src/lib/momentum/win-id.ts';
import { createClickRecorder } from '../../../src/lib/referrals/clicks/create-click-recorder.ts';
import { createClickStore } from '../../../src/lib/referrals/clicks/create-click-store.ts';
import { createShareLinkService } from '../../../src/lib/referrals/create-share-link.ts';
import { migratedDatabases } from '../../helpers/migrated-db.ts';

const T0 = Date.parse('2026-11-02T09:00:00.000Z');
const SECRET = Buffer.alloc(32, 7);

const milestones: Milestone[] = [
  { id: 'first-click', name: 'First click', metric: 'clicks', threshold: 1, scope: 'advocate', message: 'Someone opened the story you shared.' },
  { id: 'story-first-share', name: 'First share', metric: 'shares', threshold: 1, scope: 'story', message: 'Shared for the first time.' },
  { id: 'hub-two-shares', name: 'Two shares', metric: 'shares', threshold: 2, scope: 'hub', message: 'Two shares in all.' },
];

const STORIES: Record<string, { slug: string; title: string; summary: string }> = {
  'story-a': { slug: 'story-a', title: 'Story A', summary: 'About A.' },
  'story-b': { slug: 'story-b', title: 'Story B', summary: 'About B.' },
};

describe('winId', () => {
  it.each([
    ['another milestone', 'first-click', 'advocate-1'],
    ['another scope key', 'ten-readers', 'advocate-2'],
  ])('gives a different id for %s', (_case, milestone, scopeKey) => {
    expect(winId(SECRET, milestone, scopeKey)).not.toBe(winId(SECRET, 'ten-readers', 'advocate-1'));
  });

  it('is stable, fits its schema, and depends on the secret', () => {
    const id = winId(SECRET, 'first-click', 'QmFzZTY0QWR2b2NhdGVJZA');
    expect(winId(SECRET, 'first-click', 'QmFzZTY0QWR2b2NhdGVJZA')).toBe(id);
    expect(winIdSchema.safeParse(id).success).toBe(true);
    expect(winId(Buffer.alloc(32, 8), 'first-click', 'QmFzZTY0QWR2b2NhdGVJZA')).not.toBe(id);
  });
});

describe.each([
  ['clicks', 1, 'First click'],
  ['uniqueVisitors', 100, '100 readers'],
  ['clicks', 1000, '1,000 clicks'],
  ['conversions', 1, 'First action'],
  ['reshares', 5, '5 reshares'],
  ['generation', 3, '3rd generation'],
  ['generation', 11, '11th generation'],
  ['generation', 22, '22nd generation'],
] as const)('winFigure(%s, %i)', (metric, threshold, figure) => {
  it(`reads "${figure}"`, () => expect(winFigure(metric, threshold)).toBe(figure));
});

describe('toCelebration', () => {
  const base = { metric: 'generation', threshold: 3, name: 'Third generation', message: 'Friends of friends of friends.' } as const;
  it.each([
    ['a story\'s win names the story', { scope: 'story' }, { storyTitle: 'Boots' }, 'Boots'],
    ['the hub\'s win names the brand', { scope: 'hub' }, { storyTitle: 'Boots' }, 'Tellwell'],
    ['an advocate who gave a name is named', { scope: 'advocate' }, { storyTitle: 'Boots', advocateName: 'Ana' }, 'Boots, shared by Ana'],
    ['an advocate without a name is not', { scope: 'advocate' }, { storyTitle: 'Boots', advocateName: null }, 'Boots'],
    ['an advocate without a story falls back to the brand', { scope: 'advocate' }, {}, 'Tellwell'],
  ] as const)('%s', (_case, win, context, title) => {
    expect(toCelebration({ ...base, ...win }, { brandName: 'Tellwell', ...context })).toEqual({
      figure: '3rd generation',
      label: 'Friends of friends of friends.',
      title,
    });
  });

  it('uses the name as label when the message is too long for the card', () => {
    const long = toCelebration({ ...base, scope: 'hub', message: 'x'.repeat(200) }, { brandName: 'Tellwell' });
    expect(long.label).toBe('Third generation');
  });
});

describe.each(migratedDatabases)('recorded wins on $name', ({ open }) => {
  let handle: DbHandle;
  beforeEach(async () => {
    handle = await open();
  });
  afterEach(async () => {
    await handle.close();
  });

  /** Ana shares story-a (2 clicks) and story-b (1 click); Ben shares story-b (no clicks). */
  async function record() {
    const shares = createShareLinkService(handle.db, () => T0);
    const share = (storySlug: string, advocateId: string | undefined, name: string | null = null) =>
      shares.share({ storySlug, channel: 'x', name, advocateId, explicitParent: undefined, attributedParent: undefined });
    const ana = await share('story-a', undefined, 'Ana');
    const anaB = await share('story-b', ana.advocateId);
    const ben = await share('story-b', undefined);
    const recorder = createClickRecorder(createClickStore(handle));
    const click = (code: string, advocateId: string, storySlug: string, visitor: string) =>
      recorder.record({ kind: 'click', code, storySlug, advocateId, channel: 'x', generation: 1, time: T0, visitor, device: 'mobile', referrerHost: null, country: null });
    await click(ana.link.code, ana.advocateId, 'story-a', 'v1');
    await click(ana.link.code, ana.advocateId, 'story-a', 'v2');
    await click(anaB.link.code, ana.advocateId, 'story-b', 'v3');
    await recorder.close();
    const momentum = createMomentum(handle.db, milestones, { now: () => T0 });
    momentum.touch('share', { story: 'story-a', advocates: [ana.advocateId] });
    momentum.touch('share', { story: 'story-b', advocates: [ben.advocateId] });
    momentum.touch('click', { story: 'story-a', advocates: [ana.advocateId] });
    await momentum.flush();
    return { momentum, ana, ben };
  }

  it('records each win with its public id, and finds it by that id with its milestone, scope, story, value and time', async () => {
    const { momentum, ana } = await record();
    const secret = await getOrCreateSecret(handle.db, WIN_ID_SECRET);
    const [storyWin] = await momentum.reached('story', 'story-a');
    expect(storyWin!.id).toBe(winId(secret, 'story-first-share', 'story-a'));
    expect(await getWin(handle.db, milestones, storyWin!.id)).toEqual({
      id: storyWin!.id,
      milestone: 'story-first-share',
      name: 'First share',
      message: 'Shared for the first time.',
      scope: 'story',
      scopeKey: 'story-a',
      metric: 'shares',
      threshold: 1,
      story: 'story-a',
      value: 1,
      reachedAt: T0,
    });

    const [advocateWin] = await momentum.reached('advocate', ana.advocateId);
    expect(advocateWin!.id).not.toContain(ana.advocateId);
    expect(await momentum.get(advocateWin!.id)).toMatchObject({ milestone: 'first-click', scope: 'advocate', story: null, value: 3 });
    const [hubWin] = await momentum.reached('hub', '');
    expect(await momentum.get(hubWin!.id)).toMatchObject({ milestone: 'hub-two-shares', scope: 'hub', scopeKey: '', story: null, value: 3 });
  });

  it.each([
    ['an unknown id', 'AAAAAAAAAAAAAAAA'],
    ['a malformed id', '../../etc/passwd'],
    ['an empty id', ''],
    ['an id one character too long', 'AAAAAAAAAAAAAAAAA'],
  ])('finds nothing for %s', async (_case, id) => {
    await record();
    expect(await getWin(handle.db, milestones, id)).toBeUndefined();
  });

  it('finds nothing for a win of a milestone an editor has deleted', async () => {
    const { momentum } = await record();
    const [storyWin] = await momentum.reached('story', 'story-a');
    expect(await getWin(handle.db, milestones.filter((milestone) => milestone.id !== 'story-first-share'), storyWin!.id)).toBeUndefined();
  });

  it('gives wins recorded before win ids existed the same id they would have had, once', async () => {
    await handle.db.insertInto('milestones_reached').values({ milestone: 'first-click', scope: 'advocate', scope_key: 'old-advocate', value: 1, reached_at: T0, win_id: null }).execute();
    expect(await assignWinIds(handle.db, SECRET)).toBe(1);
    expect(await assignWinIds(handle.db, SECRET)).toBe(0);
    const found = await getWin(handle.db, milestones, winId(SECRET, 'first-click', 'old-advocate'));
    expect(found).toMatchObject({ scope: 'advocate', scopeKey: 'old-advocate' });
  });

  describe('views', () => {
    const viewsOver = (isAvailable: (slug: string) => boolean = () => true, stories = STORIES) =>
      createWinViews({
        db: handle.db,
        getWin: (id) => getWin(handle.db, milestones, id),
        getStory: (slug) => stories[slug],
        isAvailable,
        brandName: 'Tellwell',
      });

    it.each([
      ['a story\'s win is shared with its story', 'story', 'story-a', () => true, 'story-a', 'Story A'],
      ['an advocate\'s win with their most-clicked story, named since they gave a name', 'advocate', 'ana', () => true, 'story-a', 'Story A, shared by Ana'],
      ['an advocate\'s win skips a withdrawn story', 'advocate', 'ana', (slug: string) => slug !== 'story-a', 'story-b', 'Story B, shared by Ana'],
      ['the hub\'s win with the most-clicked story, under the brand\'s name', 'hub', '', () => true, 'story-a', 'Tellwell'],
    ] as const)('%s', async (_case, scope, who, isAvailable, slug, title) => {
      const { momentum, ana } = await record();
      const [win] = await momentum.reached(scope, who === 'ana' ? ana.advocateId : who);
      const view = await viewsOver(isAvailable).view(win!.id);
      expect(view?.story?.slug).toBe(slug);
      expect(view?.celebration.title).toBe(title);
      expect(view?.indexable).toBe(scope !== 'advocate');
    });

    it('does not name an advocate who gave no name', async () => {
      const { ben } = await record();
      await handle.db.insertInto('milestones_reached').values({ milestone: 'first-click', scope: 'advocate', scope_key: ben.advocateId, value: 1, reached_at: T0, win_id: 'BenWinBenWinBen0' }).execute();
      expect((await viewsOver().view('BenWinBenWinBen0'))?.celebration).toEqual({ figure: 'First click', label: 'Someone opened the story you shared.', title: 'Story B' });
    });

    it('has no view of a story\'s win once its story is no longer published, and no story to share for a hub without one', async () => {
      const { momentum } = await record();
      const [storyWin] = await momentum.reached('story', 'story-a');
      const [hubWin] = await momentum.reached('hub', '');
      const views = viewsOver(() => true, {});
      expect(await views.view(storyWin!.id)).toBeUndefined();
      expect(await views.view(hubWin!.id)).toMatchObject({ story: undefined, celebration: { title: 'Tellwell' } });
    });
  });
});
