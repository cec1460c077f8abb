import type { SubmissionStatus } from '../db/schema.ts';

/** How the dashboard names each moderation status. */
export const statusLabels: Record<SubmissionStatus, string> = {
  pending: 'Waiting',
  changes_requested: 'Changes asked',
  approved: 'Approved',
  rejected: 'Rejected',
  withdrawn: 'Withdrawn',
};
