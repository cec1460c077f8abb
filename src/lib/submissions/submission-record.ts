import { createHash } from 'node:crypto';
import type { SubmissionStatus, SubmissionsTable } from '../db/schema.ts';

/** Why the service refused; the HTTP layer maps each code to a status. */
export type SubmissionErrorCode = 'rate_limited' | 'duplicate' | 'not_found' | 'not_editable' | 'conflict';

export class SubmissionError extends Error {
  override name = 'SubmissionError';
  readonly code: SubmissionErrorCode;
  constructor(code: SubmissionErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

/** A submission as pages and the API see it (the token hash, visitor hash and fingerprint stay inside). */
export type Submission = {
  id: string;
  status: SubmissionStatus;
  title: string;
  story: string;
  cause: string;
  displayName: string | null;
  email: string;
  hasPhoto: boolean;
  consentText: string;
  consentedAt: number;
  moderatorNote: string | null;
  storySlug: string | null;
  createdAt: number;
  updatedAt: number;
};

/** Only this hash of a private link's secret is stored. */
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Same words, whatever the case, spacing or punctuation: the same story sent twice. */
export const fingerprintOf = (title: string, story: string) =>
  createHash('sha256')
    .update(`${title}\n${story}`.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim())
    .digest('hex');

/** Statuses in which the visitor may still edit. */
export const EDITABLE: readonly SubmissionStatus[] = ['pending', 'changes_requested'];

export function toSubmission(row: SubmissionsTable): Submission {
  return {
    id: row.id,
    status: row.status,
    title: row.title,
    story: row.story,
    cause: row.cause,
    displayName: row.display_name,
    email: row.email,
    hasPhoto: row.photo !== null,
    consentText: row.consent_text,
    consentedAt: Number(row.consented_at),
    moderatorNote: row.moderator_note,
    storySlug: row.story_slug,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}
