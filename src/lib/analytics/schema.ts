import { z } from 'zod';

const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(?:T[\d:.]+(?:Z|[+-]\d{2}:\d{2})?)?$/, 'use an ISO date such as 2026-11-01')
  .refine((value) => !Number.isNaN(Date.parse(value)) && (value.length > 10 || new Date(value).toISOString().startsWith(value)), 'not a real date')
  .transform((value) => new Date(value).toISOString().slice(0, 10));

/** Query of the stats endpoints: optional inclusive period in UTC days. */
export const periodSchema = z
  .object({ from: isoDay.optional(), to: isoDay.optional() })
  .refine((period) => !period.from || !period.to || period.from <= period.to, 'from must not be after to');
export type Period = z.infer<typeof periodSchema>;

/** The funnel numbers every breakdown repeats. */
export type Funnel = { shares: number; clicks: number; uniqueVisitors: number; conversions: number; reshares: number };

/** Answer of GET /api/stats/stories/<slug> and /api/stats/links/<code>. */
/** Clicks and unique visitors per value of one segment dimension, most clicks first. */
export type SegmentRow = { value: string; clicks: number; uniqueVisitors: number };
export type Segments = { device: SegmentRow[]; referrer: SegmentRow[]; country: SegmentRow[] };

export type Stats = Funnel & {
  kFactor: number;
  visitorsPerLink: number;
  resharesPerVisitor: number;
  cycleTimeSeconds: number | null;
  generations: { generation: number; links: number; clicks: number; uniqueVisitors: number; conversions: number }[];
  channels: (Funnel & { channel: string })[];
  excluded: Record<'bot' | 'preview' | 'head', number> & Record<string, number>;
};
