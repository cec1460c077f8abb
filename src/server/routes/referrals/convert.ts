import type { FastifyReply, FastifyRequest } from 'fastify';
import { recordConversion } from '../../../lib/referrals/record-conversion.ts';
import { convertRequestSchema } from '../../../lib/referrals/schema.ts';
import type { HubServices } from '../../create-hub-services.ts';
import { bodyOf } from '../../http/body-parsers.ts';
import { describeIssue, HttpError } from '../../http/http-error.ts';
import { clearedAttribution, readAttribution } from './read-attribution.ts';

/**
 * Records a goal the visitor reached, credited to the link they came through (attribution
 * cookie) when there is one, and tells momentum. Every conversion goes through here: /api/convert
 * and the story submission (goal story-submitted).
 */
export async function convertVisitor(services: HubServices, request: FastifyRequest, goal: string): Promise<void> {
  const conversion = await recordConversion(services.db.db, { goal, code: readAttribution(request, services), time: services.clock.now() });
  if (conversion.attributed) services.momentum.touch('conversion', { story: conversion.storySlug, advocates: [conversion.advocateId!] });
}

/** POST /api/convert { goal }: 204, credited to the link the visitor came through when there is one. */
export function createConvert(services: HubServices) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const parsed = convertRequestSchema.safeParse(bodyOf(request).fields);
    if (!parsed.success) throw new HttpError('invalid_request', describeIssue(parsed.error.issues));
    await convertVisitor(services, request, parsed.data.goal);
    const cleared = clearedAttribution(request, services);
    if (cleared) reply.header('Set-Cookie', cleared);
    return reply.code(204).header('Cache-Control', 'no-store').send();
  };
}
