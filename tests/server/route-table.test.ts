import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RouteSpec } from '../../src/server/http/route-spec.ts';
import { routeTable as table } from '../../src/server/route-table.ts';

const routeTable: readonly RouteSpec[] = table;

const README = path.resolve(import.meta.dirname, '../../README.md');

/** The README's URL map as the table says it: one row per route, in order. */
function urlMap(): string {
  const rows = routeTable.map((route) => {
    const methods = route.methods.includes('GET') ? ['GET', 'HEAD', ...route.methods.filter((method) => method !== 'GET')] : route.methods;
    const guards = [
      route.auth ?? '',
      route.csrf ? 'CSRF' : '',
      route.sameOrigin ? 'same origin' : '',
      route.body ? `body ≤ ${route.body.limit / 1024} KB${route.body.file ? ` + file ≤ ${route.body.file / 1024 / 1024} MB` : ''}` : '',
      route.limit ? `limits ${route.limit.join(', ')}` : '',
    ].filter(Boolean);
    return `| ${methods.join(', ')} | \`${route.path}\` | ${route.summary} | ${guards.join(', ') || '–'} |`;
  });
  return ['| Method | Path | What it does | Checked first |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

describe('the route table', () => {
  it("is the README's URL map, row for row", () => {
    const readme = fs.readFileSync(README, 'utf8');
    const start = readme.indexOf('<!-- url-map -->');
    const end = readme.indexOf('<!-- /url-map -->');
    expect(start, 'README.md needs a <!-- url-map --> ... <!-- /url-map --> section').toBeGreaterThan(-1);
    expect(readme.slice(start + '<!-- url-map -->'.length, end).trim()).toBe(urlMap());
  });

  it('declares each method and path once', () => {
    const keys = routeTable.flatMap((route) => route.methods.map((method) => `${method} ${route.path}`));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it.each(routeTable.filter((route) => route.methods.includes('POST')).map((route) => [route.path, route] as const))(
    'limits the body of POST %s and refuses it from another site',
    (_path, route) => {
      expect(route.body?.limit).toBeGreaterThan(0);
      expect(route.sameOrigin).toBe(true);
    },
  );

  it('checks CSRF wherever a session may write', () => {
    for (const route of routeTable) {
      if (route.auth === 'editor' && route.methods.includes('POST')) expect(route.csrf, route.path).toBe(true);
    }
  });

  it('ends with the built site, so that every named route is tried first', () => {
    expect(routeTable.at(-1)).toMatchObject({ path: '/*', handler: 'site' });
  });
});
