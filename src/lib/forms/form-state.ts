import type { SubmissionService } from '../../lib/submissions/create-submission-service.ts';
import type { EditorAuth } from '../auth/create-editor-auth.ts';
import type { PageRenderer } from '../create-page-renderer.ts';
import type { ReferralContext } from '../referrals/referral-context.ts';

/** Everything the submission and dashboard routes share, built once in start-hub.ts. */
export type SubmissionContext = {
  referrals: ReferralContext;
  submissions: SubmissionService;
  auth: EditorAuth;
  renderPage: PageRenderer;
  /** Slugs of published stories whose authors withdrew them, kept in step by the service's listener. */
  withdrawn: Set<string>;
};

/** The state of a /submit or edit form the server sends back with errors, to show next to each field. */
export type FormState = {
  status: number;
  values: Record<string, string>;
  errors: Record<string, string>;
  message?: string;
};
