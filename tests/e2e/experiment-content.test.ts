import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/start-test-hub.ts';

/**
 * A copy of the project whose content/ can be broken without touching the real one: the code
 * is linked, content/ copied, and Vite's cache kept inside the copy. `astro sync` loads every
 * collection through its schema, as `astro build` does first (about 4 s instead of a build).
 */
let copy: string;

beforeAll(() => {
  copy = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-content-'));
  for (const name of ['src', 'public', 'tina', 'node_modules', 'package.json', 'tsconfig.json']) {
    fs.symlinkSync(path.join(ROOT, name), path.join(copy, name));
  }
  fs.cpSync(path.join(ROOT, 'content'), path.join(copy, 'content'), { recursive: true });
  fs.writeFileSync(
    path.join(copy, 'astro.config.mjs'),
    `import config from ${JSON.stringify(path.join(ROOT, 'astro.config.mjs'))};\n` +
      `export default { ...config, vite: { ...config.vite, cacheDir: ${JSON.stringify(path.join(copy, '.vite'))} } };\n`,
  );
});

afterAll(() => {
  fs.rmSync(copy, { recursive: true, force: true });
});

function syncWith(file: string, data: unknown) {
  const target = path.join(copy, 'content', 'experiments', file);
  fs.writeFileSync(target, JSON.stringify(data));
  try {
    const result = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'astro', 'bin', 'astro.mjs'), 'sync'], {
      cwd: copy,
      env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', FORCE_COLOR: '0', NO_COLOR: '1' },
      encoding: 'utf8',
      timeout: 120_000,
    });
    // Colour codes (CI forces colour) would split the messages the test looks for.
    return { status: result.status, output: stripVTControlCharacters(`${result.stdout}${result.stderr}`) };
  } finally {
    fs.rmSync(target);
  }
}

const base = {
  name: 'Broken',
  hypothesis: 'h',
  story: 'fourteen-winters-one-shell',
  metric: 'shareRate',
  variants: [{ id: 'control' }, { id: 'b', headline: 'H' }],
};

describe('a bad experiment file', () => {
  it.each([
    ['a field that cannot vary', 'title.json', { ...base, variants: [{ id: 'control' }, { id: 'b', title: 't' }] }, 'variants.1: title cannot vary'],
    ['conversionRate without a goal', 'no-goal.json', { ...base, metric: 'conversionRate' }, 'goal: conversionRate needs the goal'],
  ])('stops the build naming the file and the field: %s', (_case, file, data, message) => {
    const { status, output } = syncWith(file, data);
    expect(status).not.toBe(0);
    expect(output).toContain(`experiments → ${file.replace(/\.json$/, '')} data does not match collection schema`);
    expect(output).toContain(message);
    expect(output).toContain(path.join('content', 'experiments', file));
  });
});
