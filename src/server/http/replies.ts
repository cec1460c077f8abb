import type { FastifyReply } from 'fastify';

/** A 303 to a page of this site (after a form post), never cached. */
export const seeOther = (reply: FastifyReply, location: string): FastifyReply =>
  reply.code(303).headers({ Location: location, 'Cache-Control': 'no-store' }).send();

/** A JSON answer that no cache keeps (status 200 unless given). */
export const sendJson = (reply: FastifyReply, body: unknown, status = 200): FastifyReply =>
  reply.code(status).header('Cache-Control', 'no-store').send(body);
