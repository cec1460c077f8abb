import { defineMiddleware } from 'astro:middleware';

/**
 * On-demand pages need the hub's services, which only the hub's server (npm start) provides:
 * under `astro dev` they answer 503 with what to run instead of failing on missing locals.
 */
export const onRequest = defineMiddleware((context, next) => {
  if (context.isPrerendered || context.locals.services) return next();
  return new Response('This page is served by the hub: run npm start (npm run dev serves the prerendered pages and TinaCMS).\n', {
    status: 503,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
  });
});
