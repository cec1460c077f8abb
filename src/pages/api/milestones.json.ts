import type { APIRoute } from 'astro';
import { getCollection } from 'astro:content';

/** The milestones editors defined, for the hub's server (momentum detection): read at start-up. */
export const GET: APIRoute = async () => {
  const milestones = (await getCollection('milestones')).map(({ id, data }) => ({ id, ...data }));
  return new Response(JSON.stringify({ milestones }), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
};
