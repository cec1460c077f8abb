import { csvFormatRow } from 'd3-dsv';

/** How a column's values read: numbers right-aligned and grouped, ratios with two decimals. */
export type ColumnKind = 'text' | 'number' | 'ratio' | 'duration' | 'date';

export type Cell = string | number | null;
export type Column<Row> = { label: string; kind: ColumnKind; value: (row: Row) => Cell; href?: (row: Row) => string | undefined };

/** A table the dashboard shows and exports as CSV: the same rows, the same numbers. */
export type DataTable<Row = never> = { id: string; caption: string; columns: Column<Row>[]; rows: Row[] };

const grouped = new Intl.NumberFormat('en-GB');

/** A cell as a person reads it (the CSV keeps raw values). */
export function formatCell(kind: ColumnKind, value: Cell): string {
  if (value === null) return '–';
  if (kind === 'number' && typeof value === 'number') return grouped.format(value);
  if (kind === 'ratio' && typeof value === 'number') return value.toFixed(2);
  if (kind === 'duration' && typeof value === 'number') return formatDuration(value);
  if (kind === 'date' && typeof value === 'number') return new Date(value).toISOString().slice(0, 16).replace('T', ' ');
  return String(value);
}

/** Seconds as "45 s", "12 min", "3.5 h" or "2.1 days". */
function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 86_400) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86_400).toFixed(1)} days`;
}

/**
 * Spreadsheets run a cell that starts with = + - @ (or a tab or return) as a formula: advocate
 * names and story titles come from visitors, so such text gets a leading apostrophe.
 */
const defuse = (value: Cell): string => {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
};

/** The table as CSV (RFC 4180 quoting by d3-dsv), a header row first; durations in seconds. */
export function toCsv<Row>(table: DataTable<Row>): string {
  const header = table.columns.map((column) => (column.kind === 'duration' ? `${column.label} (seconds)` : column.label));
  const rows = table.rows.map((row) => table.columns.map((column) => {
    const value = column.value(row);
    return column.kind === 'date' && typeof value === 'number' ? new Date(value).toISOString() : defuse(value);
  }));
  return [header, ...rows].map((row) => `${csvFormatRow(row)}\r\n`).join('');
}
