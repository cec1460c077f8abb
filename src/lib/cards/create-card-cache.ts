import fs from 'node:fs/promises';
import path from 'node:path';

const KEY = /^[A-Za-z0-9_-]{16,64}$/;

/**
 * Rendered cards on disk, one `<key>.png` per card, in a folder that several hub instances may
 * share (CARD_CACHE_DIR): files are written to a temporary name and renamed, so a reader never
 * sees half a card. `prune` keeps the newest `maxFiles` (a read refreshes a file's time).
 */
export function createCardCache(dir: string, options: { maxFiles?: number } = {}) {
  const maxFiles = options.maxFiles ?? 5_000;
  const fileOf = (key: string) => {
    if (!KEY.test(key)) throw new Error(`invalid card key ${key}`);
    return path.join(dir, `${key}.png`);
  };
  let writesSincePrune = 0;

  async function prune(): Promise<number> {
    writesSincePrune = 0;
    let names: string[];
    try {
      names = (await fs.readdir(dir)).filter((name) => name.endsWith('.png'));
    } catch {
      return 0;
    }
    if (names.length <= maxFiles) return 0;
    const files = await Promise.all(
      names.map(async (name) => ({ name, time: await fs.stat(path.join(dir, name)).then((stat) => stat.mtimeMs, () => 0) })),
    );
    files.sort((a, b) => b.time - a.time);
    const stale = files.slice(maxFiles);
    await Promise.all(stale.map(({ name }) => fs.rm(path.join(dir, name), { force: true })));
    return stale.length;
  }

  return {
    dir,
    /** The cached PNG, or undefined. */
    async get(key: string): Promise<Buffer | undefined> {
      const file = fileOf(key);
      try {
        const data = await fs.readFile(file);
        const now = new Date();
        fs.utimes(file, now, now).catch(() => undefined);
        return data;
      } catch {
        return undefined;
      }
    },
    async has(key: string): Promise<boolean> {
      return fs.access(fileOf(key)).then(() => true, () => false);
    },
    /** Stores a card; every `maxFiles / 10` writes the folder is pruned. */
    async put(key: string, png: Buffer): Promise<void> {
      const file = fileOf(key);
      await fs.mkdir(dir, { recursive: true });
      const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
      await fs.writeFile(temporary, png);
      await fs.rename(temporary, file);
      writesSincePrune += 1;
      if (writesSincePrune >= Math.max(1, Math.floor(maxFiles / 10))) await prune();
    },
    /** Removes a card (a withdrawn story's); missing files are fine. */
    async delete(key: string): Promise<void> {
      await fs.rm(fileOf(key), { force: true });
    },
    prune,
  };
}

export type CardCache = ReturnType<typeof createCardCache>;
