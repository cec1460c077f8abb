/// <reference types="astro/client" />

declare namespace App {
  /** Set by the hub's Node server (src/server/create-hub-handler.ts) for on-demand routes. */
  interface Locals {
    db?: import('./lib/db/create-db.ts').DbHandle;
  }
}
