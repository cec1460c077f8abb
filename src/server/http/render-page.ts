import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Astro's middleware-mode handler (dist/server/entry.mjs), which calls `next` when no route matches. */
export type AstroHandler = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void, locals?: object) => Promise<void> | void;

/** What one request tells the page it renders, beside the services: always present, null when unset. */
export type PageState = Omit<App.Locals, 'services'>;

export const NO_PAGE_STATE: PageState = { editor: null, csrf: null, formState: null, formAction: null };

/**
 * Hands a request to Astro's on-demand pages, with the services and this request's state in
 * Astro.locals. The reply is hijacked (Astro writes the raw response); `unmatched` answers when
 * no page has this path, and a page that fails is a logged 500.
 */
export function renderAstro(astro: AstroHandler, reply: FastifyReply, req: IncomingMessage, locals: App.Locals, unmatched: () => void): void {
  reply.hijack();
  const res = reply.raw;
  const fail = (error: unknown) => {
    console.error(error);
    if (res.headersSent) return res.destroy();
    res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end('Internal server error\n');
  };
  void Promise.resolve(astro(req, res, (error) => (error ? fail(error) : unmatched()), locals)).catch(fail);
}

/**
 * Renders the on-demand page at `pathname` in answer to this request (its body already read): a
 * form post that failed shows its page again with the errors and what was typed (and the error's
 * headers, such as Retry-After), and guarded dashboard pages get the signed-in editor and a CSRF
 * token.
 */
export type PageRenderer = (
  request: FastifyRequest,
  reply: FastifyReply,
  pathname: string,
  state?: Partial<PageState>,
  headers?: Record<string, string>,
) => void;
