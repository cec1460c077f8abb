import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { CardBrand, CardContent, CardSize, Celebration } from './schema.ts';

/** One rendering job for a worker. */
export type CardJob =
  | { kind: 'story'; content: CardContent; brand: CardBrand; size: CardSize }
  | { kind: 'personal'; base: Uint8Array; name: string; brand: CardBrand }
  | { kind: 'celebration'; celebration: Celebration; brand: CardBrand; size: CardSize };

type Pending = { resolve(png: Buffer): void; reject(error: Error): void };
type Slot = { worker: Worker; busy: number };

/**
 * A small pool of worker threads that render cards (satori's layout is synchronous JavaScript:
 * off the request thread it no longer delays other requests). Sized to the cores by default;
 * each job goes to the least busy worker.
 */
export function createCardPool(options: { publicDir: string; size?: number }) {
  const size = Math.max(1, options.size ?? Math.min(4, os.availableParallelism()));
  const pending = new Map<number, Pending & { slot: Slot }>();
  let nextId = 0;
  let closed = false;

  /** Starts the worker of a slot; a worker that dies fails its jobs and is replaced. */
  function start(slot: Slot): Worker {
    const worker = new Worker(new URL('./card-worker.ts', import.meta.url), { workerData: { publicDir: options.publicDir } });
    worker.on('message', (message: { id: number; png?: Uint8Array; error?: string }) => {
      const job = pending.get(message.id);
      if (!job) return;
      pending.delete(message.id);
      slot.busy -= 1;
      if (slot.busy === 0) worker.unref();
      if (message.error !== undefined) job.reject(new Error(`card rendering failed: ${message.error}`));
      else job.resolve(Buffer.from(message.png!.buffer, message.png!.byteOffset, message.png!.byteLength));
    });
    worker.on('error', (error) => fail(slot, error));
    worker.on('exit', () => {
      if (closed) return;
      fail(slot, new Error('a card worker stopped'));
      slot.worker = start(slot);
    });
    worker.unref();
    return worker;
  }

  function fail(slot: Slot, error: Error) {
    for (const [id, job] of pending) {
      if (job.slot !== slot) continue;
      pending.delete(id);
      job.reject(error);
    }
    slot.busy = 0;
  }

  // Workers start with the first job: a process that never renders a card never loads the renderer.
  let slots: Slot[] = [];
  const startSlots = () =>
    Array.from({ length: size }, () => {
      const slot = { busy: 0 } as Slot;
      slot.worker = start(slot);
      return slot;
    });

  function run(job: CardJob): Promise<Buffer> {
    if (closed) return Promise.reject(new Error('the card pool is closed'));
    if (slots.length === 0) slots = startSlots();
    const slot = slots.reduce((least, candidate) => (candidate.busy < least.busy ? candidate : least));
    const id = nextId++;
    slot.busy += 1;
    // An idle pool must not keep the process alive, a busy one must (or a build could exit mid-render).
    slot.worker.ref();
    return new Promise<Buffer>((resolve, reject) => {
      pending.set(id, { resolve, reject, slot });
      slot.worker.postMessage({ id, job });
    });
  }

  return {
    size,
    renderStory: (content: CardContent, brand: CardBrand, cardSize: CardSize) => run({ kind: 'story', content, brand, size: cardSize }),
    personalize: (base: Buffer, name: string, brand: CardBrand) => run({ kind: 'personal', base, name, brand }),
    renderCelebration: (celebration: Celebration, brand: CardBrand, cardSize: CardSize) => run({ kind: 'celebration', celebration, brand, size: cardSize }),
    /** Stops the workers; jobs still running are rejected. */
    async close(): Promise<void> {
      closed = true;
      await Promise.all(slots.map(({ worker }) => worker.terminate()));
      for (const job of pending.values()) job.reject(new Error('the card pool is closed'));
      pending.clear();
    },
  };
}

export type CardPool = ReturnType<typeof createCardPool>;
