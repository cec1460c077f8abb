import { STATUS_CODES } from 'node:http';
import type { FastifyReply } from 'fastify';
import type { HttpError } from './http-error.ts';
import type { StaticFile } from './static-files.ts';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/**
 * The HTML answer to an error on a page route: the site's own 404 page (built by Astro) for a
 * page that is not there or no longer is, and a plain page saying what went wrong otherwise.
 */
export function sendErrorPage(reply: FastifyReply, error: HttpError, notFoundPage: StaticFile | undefined): FastifyReply {
  reply.code(error.status).header('Cache-Control', 'no-store').type('text/html; charset=utf-8');
  if ((error.status === 404 || error.status === 410) && notFoundPage?.body) return reply.send(notFoundPage.body);
  const title = STATUS_CODES[error.status] ?? 'Error';
  return reply.send(
    `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
      `<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title></head>` +
      `<body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(error.message)}</p><p><a href="/">Home</a></p></main></body></html>\n`,
  );
}
