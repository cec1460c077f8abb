/// <reference types="astro/client" />

declare namespace App {
  /** Set by the hub's Node server (src/server/create-hub-handler.ts) for on-demand routes. */
  interface Locals {
    db?: import('./lib/db/create-db.ts').DbHandle;
    /** Visitor stories: submission, moderation, withdrawal. */
    submissions?: import('./lib/submissions/create-submission-service.ts').SubmissionService;
    /** A signed "form served at" stamp for /submit (spam check: minimum fill time). */
    formStarted?: () => string;
    /** A form sent back with errors: what was typed and a message per field. */
    formState?: import('./server/submissions/submission-context.ts').FormState;
    /** Which dashboard form formState belongs to. */
    formAction?: string;
    /** The signed-in editor, on dashboard pages (set by the dashboard guard). */
    editor?: import('./server/auth/create-editor-auth.ts').Editor;
    /** Advocates' own pages (/me): cookie check, recovery links, their wins. */
    advocates?: {
      verify(cookie: string | undefined): string | undefined;
      recoveryPath(advocateId: string): string;
      momentum: import('./lib/momentum/create-momentum.ts').Momentum;
      siteUrl: string;
    };
    /** Recorded wins by public id (/wins/<id>/ and the share page of a win's link). */
    wins?: import('./lib/momentum/create-win-views.ts').WinViews;
    /** The CSRF token every dashboard form carries. */
    csrf?: string;
  }
}
