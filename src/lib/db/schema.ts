import type { Generated } from 'kysely';

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

/** The per-day set of readers of a page (kept two days): tells a new reader, and a first read, from a known one. */
export interface ReaderDaysTable {
  page: string;
  day: string;
  visitor: string;
  /** 1 once this reader reached the end of the page that day. */
  has_read: Generated<number>;
}

/** Views, readers (distinct visitor hashes) and reads (readers who reached the end) per page and day. */
export interface PageDailyTable {
  page: string;
  day: string;
  views: Counter;
  readers: Counter;
  reads: Counter;
}

/** Views and new readers per page, day and source ('' where a part is unknown). */
export interface SourceDailyTable {
  page: string;
  day: string;
  channel: string;
  source: string;
  medium: string;
  campaign: string;
  views: Counter;
  readers: Counter;
}

/** Page events that were not people (bot, preview, prerender), per page, day and reason. */
export interface PageExcludedDailyTable {
  page: string;
  day: string;
  reason: string;
  hits: Counter;
}

/** An event waiting to be fanned out to the endpoints that want it (the outbox). */
export interface OutboxEventsTable {
  id: string;
  type: string;
  /** The event's `data` as JSON. */
  data: string;
  created_at: number;
  /** 1 once a delivery row was made for every endpoint that wants it. */
  dispatched: Generated<number>;
}

/** A webhook endpoint: added in the dashboard (source 'dashboard') or defined by WEBHOOK_URL ('env'). */
export interface WebhookEndpointsTable {
  id: string;
  source: string;
  /** 'standard' (signed JSON events) or 'slack' (a chat message per win). */
  kind: string;
  url: string;
  /** Comma-separated event types. */
  events: string;
  secret: string;
  include_contact: number;
  created_at: number;
  /** When the current run of failed attempts began; null while deliveries succeed. */
  failing_since: number | null;
  disabled_at: number | null;
}

/** One event for one endpoint: 'pending' (until delivered or given up), 'delivered', 'failed'. */
export interface WebhookDeliveriesTable {
  id: string;
  event_id: string;
  endpoint_id: string;
  status: string;
  attempts: Generated<number>;
  next_attempt_at: number;
  first_attempt_at: number | null;
  last_attempt_at: number | null;
  response_code: number | null;
  created_at: number;
}

/** The delivery log: one row per attempt. */
export interface WebhookAttemptsTable {
  delivery_id: string;
  attempt: number;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  attempted_at: number;
  ok: number;
  response_code: number | null;
  /** The first 500 bytes of the answer. */
  response_body: string;
  error: string | null;
  duration_ms: number;
}

/** One line of a visitor story's thread: who ('editor' or 'storyteller'), when, what. */
export interface SubmissionMessagesTable {
  id: string;
  submission_id: string;
  at: number;
  author: string;
  /** received, edited, changes_requested, rejected, approved. */
  kind: string;
  /** The editor's note, or what an edit changed. */
  body: string;
}

/** Hits of one abuse limit by one key (a keyed daily hash, never a raw address) in one window. */
export interface LimitCountsTable {
  rule: string;
  key: string;
  window_start: number;
  hits: number;
  /** The end of the window: the row is pruned after it. */
  expires_at: number;
}

/** A /submit form stamp already used (SHA-256 of the stamp), kept until the stamp expires anyway. */
export interface UsedFormStampsTable {
  stamp_hash: string;
  expires_at: number;
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
