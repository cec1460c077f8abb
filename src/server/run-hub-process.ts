import type { HubConfig } from '../lib/config/schema.ts';
import { startHub, type HubRole } from './start-hub.ts';

/** What a hub process and its supervisor tell each other over the IPC channel. */
export type HubMessage =
  | { type: 'ready'; url: string }
  /** A story was withdrawn here: every other process forgets it at once (the sync job is the fallback). */
  | { type: 'withdrawn'; slug: string };

const send = (message: HubMessage) => process.send?.(message);

/**
 * One process under the supervisor (src/server/supervise-hub.ts): starts its part of the hub,
 * says when it is ready, passes withdrawals on, and closes cleanly on SIGTERM or when the
 * supervisor goes away (a supervisor killed with SIGKILL leaves no process serving behind).
 * SIGINT (Ctrl-C reaches the whole process group) is left to the supervisor, which stops its
 * processes in order.
 */
export async function runHubProcess(config: HubConfig, distDir: string, role: Exclude<HubRole, { kind: 'all' }>): Promise<void> {
  const hub = await startHub(config, distDir, role);
  const { services } = hub;
  services.submissions.onStoryWithdrawn.push((slug) => {
    send({ type: 'withdrawn', slug });
  });
  process.on('message', (message: HubMessage) => {
    if (message.type === 'withdrawn') void services.withdrawn.withdraw(message.slug);
  });

  let closing = false;
  const close = () => {
    if (closing) return;
    closing = true;
    hub.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('The hub process could not close cleanly:', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', close);
  process.on('SIGINT', () => undefined);
  process.on('disconnect', close);
  send({ type: 'ready', url: hub.url });
}
