import type { ReaderNews } from '../referrals/clicks/aggregate-batch.ts';

/** Keys remembered per day at most: past it, further opted-out readers of the day count as known (memory stays bounded). */
const MAX_KEYS = 200_000;

/**
 * Tells a new reader and a first read of visitors who send GPC or DNT without writing anything
 * about them: their page's visitor hashes are kept in this process's memory for the day only,
 * then dropped. (With several counting processes a reader whose requests reach two of them may
 * count twice that day.)
 */
export function createOptedOutReaders() {
  let day = '';
  let readers = new Set<string>();
  let reads = new Set<string>();

  return {
    news(eventDay: string, page: string, visitor: string, name: 'view' | 'read'): ReaderNews {
      if (eventDay > day) {
        day = eventDay;
        readers = new Set();
        reads = new Set();
      }
      if (eventDay < day) return { newReader: false, newRead: false };
      const key = `${page}\n${visitor}`;
      const newReader = !readers.has(key) && readers.size < MAX_KEYS;
      if (newReader) readers.add(key);
      const newRead = name === 'read' && !reads.has(key) && reads.size < MAX_KEYS;
      if (newRead) reads.add(key);
      return { newReader, newRead };
    },
  };
}
