/// <reference types="astro/client" />

declare namespace App {
  /**
   * What the hub's server (src/server/) gives every on-demand page: the services, and what this
   * request brings (null when it brings nothing). `npm run dev` has no hub: src/middleware.ts
   * answers on-demand pages with 503 there.
   */
  interface Locals {
    services: import('./server/create-hub-services.ts').HubServices;
    /** The signed-in editor, on dashboard pages (set by the route table's auth guard). */
    editor: import('./server/http/create-http-app.ts').Caller | null;
    /** The CSRF token every dashboard form carries. */
    csrf: string | null;
    /** A form sent back with errors: what was typed and a message per field. */
    formState: import('./lib/forms/form-state.ts').FormState | null;
    /** Which dashboard form formState belongs to. */
    formAction: string | null;
  }
}
