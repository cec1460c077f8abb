import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../../src/lib/db/create-db.ts';
import { createMomentum, type Win } from '../../../src/lib/momentum/create-momentum.ts';
import type { Milestone } from '../../../src/lib/momentum/schema.ts';
import { createClickRecorder } from '../../../src/lib/referrals/clicks/create-click-recorder.ts';
import { createClickStore } from '../../../src/lib/referrals/clicks/create-click-store.ts';
import { createShareLinkService } from '../../../src/lib/referrals/create-share-link.ts';
import { recordConversion } from '../../../src/lib/referrals/record-conversion.ts';
import { migratedDatabases } from '../../helpers/migrated-db.ts';

const T0 = Date.parse('2026-11-02T09:00:00.000Z');

const milestones: Milestone[] = [
  { id: 'first-click', name: 'First click', metric: 'clicks', threshold: 1, scope: 'advocate', message: 'Someone opened it.' },
  { id: 'ten-readers', name: 'Ten readers', metric: 'uniqueVisitors', threshold: 10, scope: 'advocate', message: 'Ten readers.' },
  { id: 'first-reshare', name: 'First reshare', metric: 'reshares', threshold: 1, scope: 'advocate', message: 'Passed on.' },
  { id: 'third-generation', name: 'Third generation', metric: 'generation', threshold: 3, scope: 'advocate', message: 'Three generations.' },
  { id: 'first-conversion', name: 'First conversion', metric: 'conversions', threshold: 1, scope: 'advocate', message: 'Someone acted.' },
  { id: 'story-third-generation', name: 'Story: three generations', metric: 'generation', threshold: 3, scope: 'story', message: 'Three.' },
  { id: 'hub-five-shares', name: 'Hub: five shares', metric: 'shares', threshold: 5, scope: 'hub', message: 'Five.' },
];

describe.each(migratedDatabases)('momentum on $name', ({ open }) => {
  let handle: DbHandle;
  beforeEach(async () => {
    handle = await open();
  });
  afterEach(async () => {
    await handle.close();
  });

  async function chain() {
    const service = createShareLinkService(handle.db, () => T0);
    const share = (explicitParent?: string) =>
      service.share({ storySlug: 'story-a', channel: 'x', name: null, advocateId: undefined, explicitParent, attributedParent: undefined });
    const ana = await share();
    const ben = await share(ana.link.code);
    const cleo = await share(ben.link.code);
    return { ana, ben, cleo };
  }

  it('records each milestone once when its threshold is crossed, for the right advocate, story and hub', async () => {
    const { ana, ben, cleo } = await chain();
    const momentum = createMomentum(handle.db, milestones, { now: () => T0 });
    const seen: Win[] = [];
    momentum.onWins((wins) => seen.push(...wins));

    const recorder = createClickRecorder(createClickStore(handle));
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        recorder.record({ kind: 'click', code: ana.link.code, storySlug: 'story-a', advocateId: ana.advocateId, channel: 'x', generation: 1, time: T0, visitor: `v${i}`, device: 'mobile', referrerHost: null, country: null }),
      ),
    );
    await recorder.close();
    // Cleo's share (a new link: shares, reshares, generations up the chain) and Ana's clicks.
    momentum.touch('share', { story: 'story-a', advocates: [cleo.advocateId], ancestorsOf: cleo.link.code });
    momentum.touch('click', { story: 'story-a', advocates: [ana.advocateId] });
    await momentum.flush();

    const anaWins = (await momentum.reached('advocate', ana.advocateId)).map((win) => win.milestone).sort();
    expect(anaWins).toEqual(['first-click', 'first-reshare', 'ten-readers', 'third-generation']);
    // Ben's link has no clicks of its own, but Cleo reshared it: two generations below Ben are Ben + Cleo.
    expect((await momentum.reached('advocate', ben.advocateId)).map((win) => win.milestone)).toEqual(['first-reshare']);
    expect(await momentum.reached('advocate', cleo.advocateId)).toEqual([]);
    expect((await momentum.reached('story', 'story-a')).map((win) => win.milestone)).toEqual(['story-third-generation']);
    expect(await momentum.reached('hub', '')).toEqual([]);
    expect(seen).toHaveLength(6);

    // Crossing again (more clicks, another check) records nothing new.
    momentum.touch('click', { story: 'story-a', advocates: [ana.advocateId] });
    await momentum.flush();
    expect(seen).toHaveLength(6);

    await recordConversion(handle.db, { goal: 'newsletter', code: ben.link.code, time: T0 });
    momentum.touch('conversion', { story: 'story-a', advocates: [ben.advocateId] });
    await momentum.flush();
    expect((await momentum.reached('advocate', ben.advocateId)).map((win) => win.milestone).sort()).toEqual(['first-conversion', 'first-reshare']);
  });

  it('is idempotent across concurrent checkers (two instances crossing the same milestone at once)', async () => {
    const service = createShareLinkService(handle.db, () => T0);
    for (let i = 0; i < 5; i += 1) {
      await service.share({ storySlug: 'story-b', channel: 'email', name: null, advocateId: undefined, explicitParent: undefined, attributedParent: undefined });
    }
    const instances = Array.from({ length: 4 }, () => createMomentum(handle.db, milestones, { now: () => T0 }));
    const seen: Win[] = [];
    for (const instance of instances) instance.onWins((wins) => seen.push(...wins));
    for (const instance of instances) instance.touch('share', { story: 'story-b' });
    await Promise.all(instances.map((instance) => instance.flush()));
    expect(seen.map((win) => win.milestone)).toEqual(['hub-five-shares']);
    const rows = await handle.db.selectFrom('milestones_reached').selectAll().where('milestone', '=', 'hub-five-shares').execute();
    expect(rows).toHaveLength(1);
    expect(Number(rows[0]!.value)).toBe(5);
  });

  it('hides a milestone an editor deleted from what a scope has reached', async () => {
    const { ana } = await chain();
    const momentum = createMomentum(handle.db, milestones, { now: () => T0 });
    momentum.touch('share', { story: 'story-a', advocates: [ana.advocateId] });
    await momentum.flush();
    expect((await momentum.reached('advocate', ana.advocateId)).map((win) => win.milestone)).toContain('third-generation');
    const edited = createMomentum(handle.db, milestones.filter((milestone) => milestone.id !== 'third-generation'));
    expect((await edited.reached('advocate', ana.advocateId)).map((win) => win.milestone)).not.toContain('third-generation');
  });
  it('checks only the milestones whose metric the event moves (a click never measures generations)', async () => {
    const { ana } = await chain();
    const momentum = createMomentum(handle.db, milestones, { now: () => T0 });
    momentum.touch('click', { story: 'story-a', advocates: [ana.advocateId] });
    await momentum.flush();
    expect(await momentum.reached('advocate', ana.advocateId)).toEqual([]);
    momentum.touch('share', { story: 'story-a', advocates: [ana.advocateId] });
    await momentum.flush();
    expect((await momentum.reached('advocate', ana.advocateId)).map((win) => win.milestone).sort()).toEqual(['first-reshare', 'third-generation']);
  });
});
