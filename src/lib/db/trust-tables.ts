// The tables of the abuse limits and single-use form stamps (migration 0012).

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
