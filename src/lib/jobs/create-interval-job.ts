/** Work the hub does off the request path, started once the server listens and stopped before it closes. */
export type Job = { name: string; start(): void; stop(): Promise<void> };

/**
 * A job that runs `run` every `everyMs` (never two runs at once); a failed run is logged and the
 * next one tries again. Its timer never keeps the process alive; `stop` waits for a run in progress.
 */
export function createIntervalJob(name: string, everyMs: number, run: () => Promise<void>): Job {
  let timer: NodeJS.Timeout | undefined;
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
      timer ??= setInterval(tick, everyMs);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}
