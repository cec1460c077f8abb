import fs from 'node:fs/promises';

/** Writes a file so that a reader never sees it half written (two builds may share the cache). */
export async function writeAtomically(file: string, content: Buffer | string): Promise<void> {
  const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  await fs.writeFile(temporary, content);
  await fs.rename(temporary, file);
}
