import { toCsv, type DataTable } from './data-table.ts';

/** The response to `?csv=<table id>` on a dashboard page; a 404 that says so when no table has that id. */
export function csvResponse(tables: DataTable<any>[], id: string, name: string): Response {
  const table = tables.find((candidate) => candidate.id === id);
  if (!table) {
    return new Response(`There is no table "${id}" on this page.`, { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });
  }
  return new Response(toCsv(table), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${`${name}-${table.id}`.replace(/[^\w.-]/g, '_')}.csv"`,
      'Cache-Control': 'private, no-store',
    },
  });
}
