import type { RecordedEvent } from './traffic-event.ts';

/** Where the click recorder writes its batches: one per database engine (createClickStore). */
export type ClickStore = {
  /** How many batches may be on their way at once. */
  maxInFlight: number;
  /** How many events one batch may hold. */
  maxBatch: number;
  /** Writes the batch in one transaction; resolves once it is committed. */
  writeBatch(events: RecordedEvent[]): Promise<void>;
  /** Releases what the store holds (the SQLite writer thread). */
  close(): Promise<void>;
};
