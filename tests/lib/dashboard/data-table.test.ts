import { describe, expect, it } from 'vitest';
import { formatCell, toCsv, type DataTable } from '../../../src/lib/dashboard/data-table.ts';

type Row = { name: string; clicks: number; cycle: number | null; at: number };
const table: DataTable<Row> = {
  id: 'people',
  caption: 'People',
  columns: [
    { label: 'Name', kind: 'text', value: (row) => row.name },
    { label: 'Clicks', kind: 'number', value: (row) => row.clicks },
    { label: 'Cycle time', kind: 'duration', value: (row) => row.cycle },
    { label: 'Made', kind: 'date', value: (row) => row.at },
  ],
  rows: [
    { name: 'Ana, "the fixer"', clicks: 1200, cycle: 5400, at: Date.parse('2026-11-01T10:00:00Z') },
    { name: '=HYPERLINK("http://x")', clicks: 0, cycle: null, at: 0 },
    { name: '-2+3', clicks: 3, cycle: 30, at: 0 },
    { name: 'Line\nbreak', clicks: 1, cycle: 90_000, at: 0 },
  ],
};

describe('toCsv', () => {
  it('quotes by RFC 4180, ends lines with CRLF, keeps raw numbers and seconds', () => {
    const lines = toCsv(table).split('\r\n');
    expect(lines[0]).toBe('Name,Clicks,Cycle time (seconds),Made');
    expect(lines[1]).toBe('"Ana, ""the fixer""",1200,5400,2026-11-01T10:00:00.000Z');
    expect(lines[4]).toBe('"Line\nbreak",1,90000,1970-01-01T00:00:00.000Z');
    expect(toCsv(table).endsWith('\r\n')).toBe(true);
  });

  it.each([['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`], ['-2+3', "'-2+3"]])('defuses a formula-looking cell %s', (name, cell) => {
    expect(toCsv(table).split('\r\n').find((line) => line.includes(name.slice(1, 5)))?.startsWith(cell)).toBe(true);
  });
});

describe('formatCell', () => {
  it.each([
    ['number', 1234567, '1,234,567'],
    ['ratio', 0.6049, '0.60'],
    ['duration', 45, '45 s'],
    ['duration', 5400, '1.5 h'],
    ['duration', 200_000, '2.3 days'],
    ['number', null, '–'],
  ] as const)('shows %s %s as %s', (kind, value, text) => {
    expect(formatCell(kind, value)).toBe(text);
  });
});
