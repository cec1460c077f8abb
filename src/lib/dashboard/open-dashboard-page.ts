import type { Kysely } from 'kysely';
import { readDashboardQuery, type DashboardQuery } from './dashboard-query.ts';
import type { Database } from '../db/schema.ts';

/** A plain-text answer of an on-demand page: an error a person reads, never cached. */
export function textResponse(status: number, message: string): Response {
  return new Response(message, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });
}

export type DashboardPage = { csrf: string; db: Kysely<Database>; query: DashboardQuery };

/**
 * How every signed-in dashboard page starts: the route table's guard has signed the editor in
 * and given a CSRF token (401 without them), the answer is private, and the period and the CSV
 * wanted come from the URL.
 */
export function openDashboardPage(astro: { locals: App.Locals; url: URL; response: { headers: Headers } }): DashboardPage | Response {
  const { editor, csrf, services } = astro.locals;
  if (!editor || !csrf) return textResponse(401, 'Sign in at /dashboard/login');
  astro.response.headers.set('Cache-Control', 'private, no-store');
  return { csrf, db: services.db.db, query: readDashboardQuery(astro.url, services.clock.now(), services.config.rawClickRetentionDays) };
}
