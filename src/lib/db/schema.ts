import type { Generated } from 'kysely';
import type { ReaderDaysTable, PageDailyTable, SourceDailyTable, PageExcludedDailyTable } from './reader-tables.ts';
import type { OutboxEventsTable, WebhookEndpointsTable, WebhookDeliveriesTable, WebhookAttemptsTable, SubmissionMessagesTable } from './integration-tables.ts';
import type { LimitCountsTable, UsedFormStampsTable } from './trust-tables.ts';

// The tables of later features live beside this file, one file per feature.
export type * from './reader-tables.ts';
export type * from './integration-tables.ts';
export type * from './trust-tables.ts';

/** Key-value facts about this installation (installed_at, ...). */
export interface HubMetaTable {
  key: string;
  value: string;
  updated_at: Generated<string>;
}

export interface AdvocatesTable {
  id: string;
  name: string | null;
  created_at: number;
}

export interface ShareLinksTable {
  code: string;
  story_slug: string;
  channel: string;
  advocate_id: string;
  advocate_name: string | null;
  parent_code: string | null;
  generation: number;
  created_at: number;
  /** Time from the parent link's creation to this one's (one turn of the loop); null for a root link. */
  cycle_ms: number | null;
}

export interface ClicksTable {
  code: string;
  clicked_at: number;
  visitor: string;
  device: string;
  referrer_host: string | null;
  /** ISO 3166 alpha-2 from a trusted proxy header, else null. */
  country: string | null;
}

export interface VisitorDaysTable {
  code: string;
  day: string;
  visitor: string;
}

export interface ConversionsTable {
  goal: string;
  code: string | null;
  converted_at: number;
}

type Counter = Generated<number>;

export interface LinkDailyTable {
  code: string;
  day: string;
  clicks: Counter;
  unique_visitors: Counter;
  conversions: Counter;
}

/** A link's clicks and conversions over every day: the sums of its link_daily rows. */
export interface LinkTotalsTable {
  code: string;
  clicks: Counter;
  conversions: Counter;
}

/** An advocate's clicks and conversions over every day: the sums of their advocate_daily rows. */
export interface AdvocateTotalsTable {
  advocate_id: string;
  clicks: Counter;
  conversions: Counter;
}

export interface StoryDailyTable {
  story_slug: string;
  day: string;
  channel: string;
  generation: number;
  shares: Counter;
  reshares: Counter;
  clicks: Counter;
  unique_visitors: Counter;
  conversions: Counter;
}

export interface ExcludedDailyTable {
  code: string;
  day: string;
  reason: string;
  hits: Counter;
}

export interface VisitorSaltsTable {
  day: string;
  salt: string;
}

/** Where a visitor story is in moderation. */
export type SubmissionStatus = 'pending' | 'changes_requested' | 'approved' | 'rejected' | 'withdrawn';

export interface SubmissionsTable {
  id: string;
  token_hash: string;
  status: SubmissionStatus;
  title: string;
  story: string;
  cause: string;
  display_name: string | null;
  email: string;
  photo: string | null;
  consent_text: string;
  consented_at: number;
  visitor: string;
  fingerprint: string;
  moderator_note: string | null;
  story_slug: string | null;
  created_at: number;
  updated_at: number;
}

export interface WithdrawnStoriesTable {
  slug: string;
  withdrawn_at: number;
}

export interface EditorsTable {
  name: string;
  password_hash: string;
  created_at: number;
}

/** Clicks, unique visitors and conversions per advocate (all their links) and day. */
export interface AdvocateDailyTable {
  advocate_id: string;
  day: string;
  clicks: Counter;
  unique_visitors: Counter;
  conversions: Counter;
}

/** Clicks per story, day and segment: dimension 'device', 'referrer' or 'country'. */
export interface SegmentDailyTable {
  story_slug: string;
  day: string;
  dimension: string;
  value: string;
  clicks: number;
  unique_visitors: number;
}

/** A milestone reached by a story, an advocate, or the hub (scope_key ''). */
export interface MilestonesReachedTable {
  milestone: string;
  scope: string;
  scope_key: string;
  value: number;
  reached_at: number;
  /** Public id of the win (src/lib/momentum/win-id.ts); null only until start-up assigns it. */
  win_id: string | null;
}

/** The tables every migration has created, as Kysely sees them. */
export interface Database {
  hub_meta: HubMetaTable;
  advocates: AdvocatesTable;
  share_links: ShareLinksTable;
  clicks: ClicksTable;
  visitor_days: VisitorDaysTable;
  conversions: ConversionsTable;
  link_daily: LinkDailyTable;
  story_daily: StoryDailyTable;
  excluded_daily: ExcludedDailyTable;
  visitor_salts: VisitorSaltsTable;
  submissions: SubmissionsTable;
  withdrawn_stories: WithdrawnStoriesTable;
  editors: EditorsTable;
  milestones_reached: MilestonesReachedTable;
  segment_daily: SegmentDailyTable;
  advocate_daily: AdvocateDailyTable;
  link_totals: LinkTotalsTable;
  advocate_totals: AdvocateTotalsTable;
  reader_days: ReaderDaysTable;
  page_daily: PageDailyTable;
  source_daily: SourceDailyTable;
  page_excluded_daily: PageExcludedDailyTable;
  outbox_events: OutboxEventsTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
  submission_messages: SubmissionMessagesTable;
  limit_counts: LimitCountsTable;
  used_form_stamps: UsedFormStampsTable;
}

/** Which engine a handle talks to. */
export type Dialect = 'sqlite' | 'postgres';
