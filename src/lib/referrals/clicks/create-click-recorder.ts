import type { ClickStore } from './click-store.ts';
import type { RecordedEvent } from './traffic-event.ts';

type Pending = { event: RecordedEvent; resolve: () => void; reject: (error: unknown) => void };

/**
 * Group commit: events queued during one event-loop turn are written in one transaction.
 * `record` resolves only after the batch holding the event has committed, so a redirect
 * answered after it never loses an acknowledged click. Up to `maxInFlight` batches may be on
 * their way at once, so the next batch is already waiting while one commits (with one in
 * flight, requests and commits move in lock-step and throughput stalls). The store says how
 * many batches it accepts at once, and how many events one batch may hold.
 */
export function createClickRecorder(store: ClickStore) {
  const maxInFlight = store.maxInFlight;
  let queue: Pending[] = [];
  let scheduled = false;
  let inFlight = 0;
  const idle: (() => void)[] = [];

  function send() {
    scheduled = false;
    if (queue.length === 0 || inFlight >= maxInFlight) return;
    const batch = queue.length <= store.maxBatch ? queue : queue.slice(0, store.maxBatch);
    queue = batch === queue ? [] : queue.slice(store.maxBatch);
    inFlight += 1;
    if (queue.length > 0) schedule();
    store.writeBatch(batch.map((pending) => pending.event)).then(
      () => {
        for (const pending of batch) pending.resolve();
      },
      (error: unknown) => {
        for (const pending of batch) pending.reject(error);
      },
    ).finally(() => {
      inFlight -= 1;
      if (queue.length > 0) schedule();
      else if (inFlight === 0) for (const wake of idle.splice(0)) wake();
    });
  }

  function schedule() {
    if (scheduled) return;
    scheduled = true;
    setImmediate(send);
  }

  return {
    record(event: RecordedEvent): Promise<void> {
      return new Promise((resolve, reject) => {
        queue.push({ event, resolve, reject });
        schedule();
      });
    },
    /** Waits until everything queued so far is written. */
    async flush(): Promise<void> {
      while (queue.length > 0 || inFlight > 0) await new Promise<void>((wake) => idle.push(wake));
    },
    /** Writes what is queued, then releases the store (the SQLite writer thread). */
    async close(): Promise<void> {
      await this.flush();
      await store.close();
    },
  };
}

export type ClickRecorder = ReturnType<typeof createClickRecorder>;
