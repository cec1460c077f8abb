import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildNeeded } from '../../src/server/ensure-build.ts';

describe('buildNeeded (npm start decides whether to build)', () => {
  let root: string;
  let dist: string;
  const writeBuild = (site: string) => {
    fs.mkdirSync(path.join(dist, 'server'), { recursive: true });
    fs.writeFileSync(path.join(dist, 'server', 'entry.mjs'), '');
    fs.writeFileSync(path.join(dist, 'build-info.json'), JSON.stringify({ id: 'x', builtAt: new Date().toISOString(), site }));
  };
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-build-'));
    dist = path.join(root, 'dist');
    fs.mkdirSync(path.join(root, 'src'));
    const past = new Date(Date.now() - 60_000);
    fs.utimesSync(path.join(root, 'src'), past, past);
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('asks for a build when there is none', () => {
    expect(buildNeeded(root, dist, 'https://stories.example.com')).toBe('there is no build yet');
  });

  it('keeps a current build made for the same SITE_URL (trailing slash or not)', () => {
    writeBuild('https://stories.example.com');
    expect(buildNeeded(root, dist, 'https://stories.example.com/')).toBeUndefined();
  });

  it('rebuilds when SITE_URL changed since the build (canonical URLs and cards would be wrong)', () => {
    writeBuild('http://localhost:4321');
    expect(buildNeeded(root, dist, 'https://stories.example.com')).toMatch(/SITE_URL is https:\/\/stories\.example\.com/);
  });

  it('rebuilds when sources changed after the build', () => {
    writeBuild('http://localhost:4321');
    fs.writeFileSync(path.join(root, 'src', 'new.ts'), '');
    const future = new Date(Date.now() + 60_000);
    fs.utimesSync(path.join(root, 'src', 'new.ts'), future, future);
    expect(buildNeeded(root, dist, 'http://localhost:4321')).toBe('src changed since the last build');
  });
});
