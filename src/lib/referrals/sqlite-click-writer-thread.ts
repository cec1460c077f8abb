import { Worker } from 'node:worker_threads';
import type { TrafficEvent } from './traffic-events.ts';

/**
 * The main-thread side of the click writer: sends a batch to the worker and resolves once it is
 * committed. While the worker waits on fsync, the HTTP thread keeps answering and queueing, so
 * batches grow with load.
 */
export function createSqliteClickWriterThread(file: string) {
  const worker = new Worker(new URL('./click-writer-worker.ts', import.meta.url), { workerData: { file } });
  worker.unref();
  const pending = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  let nextId = 0;
  let failure: Error | undefined;

  worker.on('message', (message: { id: number; error?: string }) => {
    const waiter = pending.get(message.id);
    pending.delete(message.id);
    if (message.error) waiter?.reject(new Error(`click write failed: ${message.error}`));
    else waiter?.resolve();
  });
  worker.on('error', (error) => {
    failure = error;
    for (const waiter of pending.values()) waiter.reject(error);
    pending.clear();
  });

  return {
    write(events: TrafficEvent[]): Promise<void> {
      if (failure) return Promise.reject(failure);
      return new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, events });
      });
    },
    async close(): Promise<void> {
      // Keep the process alive until the worker has closed its database.
      worker.ref();
      const exited = new Promise((resolve) => worker.once("exit", resolve));
      worker.postMessage('close');
      await exited;
    },
  };
}
