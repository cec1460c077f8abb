import type { IncomingMessage, ServerResponse } from 'node:http';
import { recordConversion } from '../../lib/referrals/record-conversion.ts';
import { convertRequestSchema } from '../../lib/referrals/schema.ts';
import type { HotRoute } from '../create-hub-handler.ts';
import { HttpError, sendError } from '../http-error.ts';
import { readBody } from '../read-body.ts';
import { checkOrigin } from './check-origin.ts';
import { readAttribution } from './read-attribution.ts';
import { describeIssue } from './share-route.ts';
import type { ReferralContext } from './referral-context.ts';

/**
 * Records a goal the visitor reached, credited to the link they came through (attribution
 * cookie) when there is one, and tells momentum. Every conversion goes through here: /api/convert
 * and the story submission (goal story-submitted).
 */
export async function convertVisitor(context: ReferralContext, req: IncomingMessage, goal: string): Promise<void> {
  const conversion = await recordConversion(context.db.db, { goal, code: readAttribution(req, context), time: context.now() });
  if (conversion.attributed) context.momentum.touch('conversion', { story: conversion.storySlug, advocates: [conversion.advocateId!] });
}

/** POST /api/convert { goal }: 204, credited to the link the visitor came through when there is one. */
export function createConvertRoute(context: ReferralContext): HotRoute {
  async function convert(req: IncomingMessage, res: ServerResponse) {
    checkOrigin(req, context.config.siteUrl);
    const body = await readBody(req, 1024);
    const parsed = convertRequestSchema.safeParse(body.fields);
    if (!parsed.success) throw new HttpError('invalid_request', describeIssue(parsed.error.issues));
    await convertVisitor(context, req, parsed.data.goal);
    res.writeHead(204, { 'Cache-Control': 'no-store' });
    res.end();
  }

  return (req, res, target) => {
    if (target.pathname !== '/api/convert') return false;
    if (req.method !== 'POST') {
      sendError(res, new HttpError('method_not_allowed', 'Use POST to record a conversion.', { Allow: 'POST' }));
    } else {
      convert(req, res).catch((error: unknown) => sendError(res, error));
    }
    return true;
  };
}
