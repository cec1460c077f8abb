import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../../src/lib/db/create-db.ts';
import { medianSeconds } from '../../../src/lib/analytics/build-stats.ts';
import { getCycleMedians } from '../../../src/lib/analytics/get-cycle-medians.ts';
import { DAY_MS } from '../../../src/lib/time/utc-day.ts';
import { migratedDatabases } from '../../helpers/migrated-db.ts';

const START = Date.parse('2026-11-01T00:00:00.000Z');

describe.each(migratedDatabases)('getCycleMedians on $name', ({ open }) => {
  let handle: DbHandle;
  beforeEach(async () => {
    handle = await open();
  });
  afterEach(async () => {
    await handle.close();
  });

  it('equals sorting every cycle time, per UTC day and over the period, odd and even counts, first links left out', async () => {
    let state = 11;
    const next = () => (state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const rows = [];
    // Day d holds d reshares (day 0 none, so odd and even counts alternate), plus first links without a cycle.
    for (let day = 0; day < 12; day += 1) {
      for (let i = 0; i < day + 2; i += 1) {
        const reshare = i >= 2;
        rows.push({ code: `c${day}-${i}`, story_slug: 's', channel: 'email', advocate_id: `a${day}-${i}`, advocate_name: null, parent_code: null, generation: reshare ? 2 : 1, created_at: START + day * DAY_MS + Math.floor(next() * DAY_MS), cycle_ms: reshare ? Math.floor(next() * 10 * DAY_MS) : null });
      }
    }
    await handle.db.insertInto('advocates').values(rows.map((row) => ({ id: row.advocate_id, name: null, created_at: START }))).execute();
    await handle.db.insertInto('share_links').values(rows).execute();
    // The period: days 2 to 9 (links either side of it are not counted).
    const start = START + 2 * DAY_MS;
    const end = START + 10 * DAY_MS;
    const inPeriod = rows.filter((row) => row.cycle_ms !== null && row.created_at >= start && row.created_at < end);
    const medians = await getCycleMedians(handle.db, start, end);
    expect(medians.total).toBe(medianSeconds(inPeriod.map((row) => row.cycle_ms!)));
    for (let day = 2; day < 10; day += 1) {
      const dayStart = START + day * DAY_MS;
      const expected = medianSeconds(inPeriod.filter((row) => row.created_at >= dayStart && row.created_at < dayStart + DAY_MS).map((row) => row.cycle_ms!));
      expect(medians.byDay.get(dayStart) ?? null, `day ${day}`).toBe(expected);
    }
    expect(medians.byDay.size).toBe(8);
    expect(await getCycleMedians(handle.db, START + 20 * DAY_MS, START + 21 * DAY_MS)).toEqual({ total: null, byDay: new Map() });
  });
});
