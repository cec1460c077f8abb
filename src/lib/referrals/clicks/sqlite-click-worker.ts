import { parentPort, workerData } from 'node:worker_threads';
import { openSqlite } from '../../db/open-sqlite.ts';
import { createSqliteClickWriter } from './create-sqlite-click-writer.ts';
import type { RecordedEvent } from './traffic-event.ts';

/** Worker thread of createSqliteClickStore: owns one SQLite connection and commits each batch it is sent. */
const sqlite = openSqlite((workerData as { file: string }).file);
const write = createSqliteClickWriter(sqlite);

parentPort!.on('message', (message: { id: number; events: RecordedEvent[] } | 'close') => {
  if (message === 'close') {
    sqlite.close();
    parentPort!.close();
    return;
  }
  try {
    write(message.events);
    parentPort!.postMessage({ id: message.id });
  } catch (error) {
    parentPort!.postMessage({ id: message.id, error: String((error as Error).message ?? error) });
  }
});
