import { createIntervalJob, type Job } from '../jobs/create-interval-job.ts';
import { notifyWithdrawn, type StoryWithdrawnListener } from './notify-withdrawn.ts';

/**
 * The published stories their authors withdrew: answered 410 at once, before a build removes
 * them. `withdraw` runs every listener once per story; the sync job picks up withdrawals made
 * through another instance sharing the database within `syncEveryMs`.
 */
export function createWithdrawnStories(deps: { list(): Promise<string[]>; listeners: StoryWithdrawnListener[]; syncEveryMs?: number }) {
  const slugs = new Set<string>();

  async function withdraw(slug: string): Promise<void> {
    if (slugs.has(slug)) return;
    slugs.add(slug);
    await notifyWithdrawn(deps.listeners, slug);
  }

  async function sync(): Promise<void> {
    for (const slug of await deps.list()) await withdraw(slug);
  }

  const job: Job = createIntervalJob('withdrawn-stories-sync', deps.syncEveryMs ?? 30_000, sync);
  return {
    has: (slug: string) => slugs.has(slug),
    withdraw,
    sync,
    job,
  };
}

export type WithdrawnStories = ReturnType<typeof createWithdrawnStories>;
