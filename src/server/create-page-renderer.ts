import type { IncomingMessage, ServerResponse } from 'node:http';
import { runAstro, type AstroHandler } from './create-hub-handler.ts';

/**
 * Renders an on-demand Astro page from a hot route, with extra locals: a form post that failed
 * validation is answered with its page showing the errors and what was typed, and guarded pages
 * get the signed-in editor. The request's body must already be read.
 */
export type PageRenderer = (req: IncomingMessage, res: ServerResponse, pathname: string, locals?: object) => void;

export function createPageRenderer(astro: AstroHandler, baseLocals: object, notFound: (req: IncomingMessage, res: ServerResponse) => void): PageRenderer {
  return (req, res, pathname, locals = {}) => {
    req.method = 'GET';
    req.url = pathname;
    runAstro(astro, req, res, { ...baseLocals, ...locals }, () => notFound(req, res));
  };
}
