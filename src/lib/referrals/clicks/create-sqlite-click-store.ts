import { Worker } from 'node:worker_threads';
import type { ClickStore } from './click-store.ts';
import type { RecordedEvent } from './traffic-event.ts';

/**
 * The SQLite click store: a worker thread (sqlite-click-worker.ts) owns its own connection and
 * commits each batch it is sent, so the fsync of a commit never blocks the HTTP thread. A batch
 * resolves once committed; while the worker waits on fsync, the HTTP thread keeps answering and
 * queueing, so batches grow with load.
 */
export function createSqliteClickStore(file: string): ClickStore {
  const pending = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  let nextId = 0;
  let failure: Error | undefined;
  let worker: Worker | undefined;

  /** The writer starts with the first batch: a process that records no click opens no second connection. */
  function writer(): Worker {
    if (worker) return worker;
    worker = new Worker(new URL('./sqlite-click-worker.ts', import.meta.url), { workerData: { file } });
    worker.unref();
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
    return worker;
  }

  return {
    // The worker applies batches one after another, so several may be queued safely.
    maxInFlight: 4,
    maxBatch: 5_000,
    writeBatch(events: RecordedEvent[]): Promise<void> {
      if (failure) return Promise.reject(failure);
      return new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        writer().postMessage({ id, events });
      });
    },
    async close(): Promise<void> {
      if (!worker) return;
      // Keep the process alive until the worker has closed its database.
      worker.ref();
      const exited = new Promise((resolve) => worker!.once('exit', resolve));
      worker.postMessage('close');
      await exited;
    },
  };
}
