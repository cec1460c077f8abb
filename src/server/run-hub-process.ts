import type { HubConfig } from '../lib/config/schema.ts';
import type { MomentumEvent, Touched } from '../lib/momentum/create-momentum.ts';
import { startHub, type HubRole } from './start-hub.ts';

/** What a hub process and its supervisor tell each other over the IPC channel. */
export type HubMessage =
  | { type: 'ready'; url: string }
  /** A story was withdrawn here: every other process forgets it at once (the sync job is the fallback). */
  | { type: 'withdrawn'; slug: string }
  /** What a counting process's clicks, shares and conversions changed: the app process checks the milestones. */
  | { type: 'touches'; touches: [MomentumEvent, Touched][] };

const send = (message: HubMessage) => process.send?.(message);

/** How long a counting process gathers touches before handing them on (momentum checks within about as long). */
const TOUCH_BATCH_MS = 100;

/**
 * A counting process's momentum relay: touches are gathered (the same one once) and sent to the
 * supervisor for the app process every TOUCH_BATCH_MS, so milestone checks, which read, never
 * run beside the redirects.
 */
function createTouchRelay() {
  const pending = new Map<string, [MomentumEvent, Touched]>();
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    timer = undefined;
    if (pending.size === 0) return;
    send({ type: 'touches', touches: [...pending.values()] });
    pending.clear();
  };
  return {
    relay(event: MomentumEvent, changed: Touched) {
      pending.set(`${event}|${changed.story ?? ''}|${changed.advocates?.join(',') ?? ''}|${changed.ancestorsOf ?? ''}`, [event, changed]);
      timer ??= setTimeout(flush, TOUCH_BATCH_MS);
    },
    flush() {
      clearTimeout(timer);
      flush();
    },
  };
}

/**
 * One process under the supervisor (src/server/supervise-hub.ts): starts its part of the hub,
 * says when it is ready, passes withdrawals on, and closes cleanly on SIGTERM or when the
 * supervisor goes away (a supervisor killed with SIGKILL leaves no process serving behind).
 * SIGINT (Ctrl-C reaches the whole process group) is left to the supervisor, which stops its
 * processes in order.
 */
export async function runHubProcess(config: HubConfig, distDir: string, role: Exclude<HubRole, { kind: 'all' }>): Promise<void> {
  const touches = role.kind === 'counting' ? createTouchRelay() : undefined;
  const hub = await startHub(config, distDir, role, touches?.relay);
  const { services } = hub;
  services.submissions.onStoryWithdrawn.push((slug) => {
    send({ type: 'withdrawn', slug });
  });
  process.on('message', (message: HubMessage) => {
    if (message.type === 'withdrawn') void services.withdrawn.withdraw(message.slug);
    if (message.type === 'touches') for (const [event, changed] of message.touches) services.momentum.touch(event, changed);
  });

  let closing = false;
  const close = () => {
    if (closing) return;
    closing = true;
    touches?.flush();
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
