import { sql, type Kysely } from 'kysely';
import { getOrCreateSecret } from '../db/get-or-create-secret.ts';
import type { Database } from '../db/schema.ts';
import { enqueueEvent } from '../integrations/enqueue-event.ts';
import { getWin } from './get-win.ts';
import { measureScope } from './measure-scope.ts';
import type { Milestone, MilestoneMetric, MilestoneScope } from './schema.ts';
import { toWin, type Win } from './to-win.ts';
import { WIN_ID_SECRET, winId } from './win-id.ts';

export type { Win };

/** What happened, and so which metrics can have moved: only milestones on those are checked. */
export type MomentumEvent = 'click' | 'share' | 'conversion';

/** What an event changed: its story, the advocates whose links it counts for, a new link (whose ancestors' advocates moved). */
export type Touched = { story?: string | undefined; advocates?: string[]; ancestorsOf?: string };
/** Milestones on these metrics are also sent as click.milestone events. */
const CLICK_METRICS = new Set<MilestoneMetric>(['clicks', 'uniqueVisitors']);

const MOVES: Record<MomentumEvent, MilestoneMetric[]> = {
  click: ['clicks', 'uniqueVisitors'],
  share: ['shares', 'reshares', 'generation'],
  conversion: ['conversions'],
};

/**
 * Momentum: notices when a story, an advocate or the hub crosses a milestone, and records it
 * once, with its win.reached (and for clicks click.milestone) event in the same transaction.
 * Writers call `touch` with what changed (cheap: it only marks the scope); the check runs
 * shortly after, off the request path, reading the rollups. The primary key (milestone, scope
 * key) makes recording idempotent, also across concurrent checks and several instances.
 * Each win gets its public id (win-id.ts) when recorded; `winSecret` defaults to the one kept in
 * the database.
 */
export function createMomentum(
  db: Kysely<Database>,
  milestones: Milestone[],
  options: {
    now?: () => number;
    delayMs?: number;
    winSecret?: Buffer;
    /** Where touches go instead of being checked here (a counting process hands them to the app process). */
    relay?: (event: MomentumEvent, changed: Touched) => void;
  } = {},
) {
  const now = options.now ?? Date.now;
  const delayMs = options.delayMs ?? 200;
  let winSecret: Promise<Buffer> | undefined = options.winSecret && Promise.resolve(options.winSecret);
  const secret = () => (winSecret ??= getOrCreateSecret(db, WIN_ID_SECRET));
  const byScope = new Map<MilestoneScope, Milestone[]>();
  for (const milestone of milestones) byScope.set(milestone.scope, [...(byScope.get(milestone.scope) ?? []), milestone]);
  const known = new Set<string>();
  const dirty = new Map<string, { scope: MilestoneScope; key: string; metrics: Set<MilestoneMetric> }>();
  const ancestorsPending: string[] = [];
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const listeners: ((wins: Win[]) => void)[] = [];

  function mark(scope: MilestoneScope, key: string, moved: readonly MilestoneMetric[]) {
    const entry = dirty.get(`${scope}|${key}`) ?? { scope, key, metrics: new Set<MilestoneMetric>() };
    for (const metric of moved) entry.metrics.add(metric);
    dirty.set(`${scope}|${key}`, entry);
  }

  async function check(scope: MilestoneScope, key: string, moved: ReadonlySet<MilestoneMetric>): Promise<Win[]> {
    const open = (byScope.get(scope) ?? []).filter((milestone) => moved.has(milestone.metric) && !known.has(`${milestone.id}|${key}`));
    if (open.length === 0) return [];
    const metrics = await measureScope(db, scope, key, new Set(open.map((milestone) => milestone.metric)));
    const wins: Win[] = [];
    for (const milestone of open) {
      const value = metrics[milestone.metric];
      if (value < milestone.threshold) continue;
      const reachedAt = now();
      const id = winId(await secret(), milestone.id, key);
      const recorded = await db.transaction().execute(async (trx) => {
        const inserted = await trx
          .insertInto('milestones_reached')
          .values({ milestone: milestone.id, scope, scope_key: key, value, reached_at: reachedAt, win_id: id })
          .onConflict((conflict) => conflict.columns(['milestone', 'scope_key']).doNothing())
          .executeTakeFirst();
        if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return false;
        // The events go out with the win, never per click: the advocate's id stays private.
        const data = { win: id, milestone: milestone.id, name: milestone.name, message: milestone.message, metric: milestone.metric, scope, story: scope === 'story' ? key : null, value, reachedAt: new Date(reachedAt).toISOString() };
        await enqueueEvent(trx, 'win.reached', data, reachedAt);
        if (CLICK_METRICS.has(milestone.metric)) await enqueueEvent(trx, 'click.milestone', data, reachedAt);
        return true;
      });
      known.add(`${milestone.id}|${key}`);
      if (recorded) {
        wins.push({ id, milestone: milestone.id, name: milestone.name, message: milestone.message, scope, scopeKey: key, value, reachedAt });
      }
    }
    return wins;
  }

  /** The advocates of a link's ancestors: a reshare raises their reshares and generations. */
  async function ancestorAdvocates(code: string): Promise<string[]> {
    const { rows } = await sql<{ advocate_id: string }>`
      with recursive chain(code, parent_code, advocate_id) as (
        select code, parent_code, advocate_id from share_links where code = ${code}
        union all
        select s.code, s.parent_code, s.advocate_id from share_links s join chain c on s.code = c.parent_code
      )
      select distinct advocate_id from chain where code <> ${code}`.execute(db);
    return rows.map((row) => row.advocate_id);
  }

  async function run() {
    for (const code of ancestorsPending.splice(0)) {
      try {
        for (const advocate of await ancestorAdvocates(code)) mark('advocate', advocate, MOVES.share);
      } catch (error) {
        console.error(`momentum: finding the chain of ${code} failed:`, error);
      }
    }
    const batch = [...dirty.values()];
    dirty.clear();
    const wins: Win[] = [];
    for (const { scope, key, metrics } of batch) {
      try {
        wins.push(...(await check(scope, key, metrics)));
      } catch (error) {
        console.error(`momentum: checking ${scope} ${key || '(hub)'} failed:`, error);
      }
    }
    if (wins.length > 0) for (const listener of listeners) listener(wins);
  }

  function schedule() {
    if (timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      running = running.then(run);
    }, delayMs);
    timer.unref();
  }

  return {
    /**
     * Marks the scopes an event changed (a new link also changes its ancestors' advocates); only
     * milestones on the metrics that event moves are checked, within `delayMs`.
     */
    touch(event: MomentumEvent, changed: Touched) {
      if (options.relay) return options.relay(event, changed);
      const moved = MOVES[event];
      if (changed.ancestorsOf) ancestorsPending.push(changed.ancestorsOf);
      if (changed.story) mark('story', changed.story, moved);
      for (const advocate of changed.advocates ?? []) mark('advocate', advocate, moved);
      mark('hub', '', moved);
      schedule();
    },
    /** Called with every batch of newly reached milestones (for logs, notifications, cards). */
    onWins(listener: (wins: Win[]) => void) {
      listeners.push(listener);
    },
    /** Runs pending checks now and waits for them. */
    async flush(): Promise<void> {
      if (timer) {
        clearTimeout(timer);
        timer = undefined;
        running = running.then(run);
      }
      await running;
    },
    /** Milestones a scope has reached, newest first. */
    async reached(scope: MilestoneScope, key: string): Promise<Win[]> {
      const rows = await db
        .selectFrom('milestones_reached')
        .selectAll()
        .where('scope', '=', scope)
        .where('scope_key', '=', key)
        .orderBy('reached_at', 'desc')
        .execute();
      const byId = new Map(milestones.map((milestone) => [milestone.id, milestone]));
      const idSecret = await secret();
      return rows.flatMap((row) => {
        const milestone = byId.get(row.milestone);
        // A milestone an editor has since deleted is no longer shown.
        if (!milestone) return [];
        return [toWin({ ...row, win_id: row.win_id ?? winId(idSecret, row.milestone, row.scope_key) }, milestone)];
      });
    },
    /** The win with this public id (see getWin), or undefined. */
    get(id: string) {
      return getWin(db, milestones, id);
    },
  };
}

export type Momentum = ReturnType<typeof createMomentum>;
