/** Work the hub does off the request path, started once the server listens and stopped before it closes. */
export type Job = { name: string; start(): void; stop(): Promise<void> };

/**
 * A job that runs `run` every `everyMs` (never two runs at once), the first time `firstRunMs`
 * after it starts (default: after `everyMs`); a failed run is logged and the next one tries
 * again. Its timers never keep the process alive; `stop` waits for a run in progress.
 */
export function createIntervalJob(name: string, everyMs: number, run: () => Promise<void>, firstRunMs = everyMs): Job {
  let timer: NodeJS.Timeout | undefined;
  let first: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  const tick = () => {
    running ??= run()
      .catch((error: unknown) => console.error(`Job ${name} failed:`, error))
      .finally(() => {
        running = undefined;
      });
  };
  return {
    name,
    start() {
      if (firstRunMs < everyMs) first = setTimeout(tick, firstRunMs).unref();
      timer ??= setInterval(tick, everyMs);
      timer.unref();
    },
    async stop() {
      clearTimeout(first);
      clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}
