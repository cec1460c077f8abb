import { z } from 'zod';

/** What a milestone counts (the measurement vocabulary of the stats API). */
export const milestoneMetrics = ['shares', 'clicks', 'uniqueVisitors', 'conversions', 'reshares', 'generation'] as const;
export type MilestoneMetric = (typeof milestoneMetrics)[number];

/** Whose numbers: one story's, one advocate's (all their links), or the whole hub's. */
export const milestoneScopes = ['story', 'advocate', 'hub'] as const;
export type MilestoneScope = (typeof milestoneScopes)[number];

/** A milestone as editors write it in TinaCMS (content/milestones/<slug>.json). */
export const milestoneSchema = z.object({
  name: z.string().trim().min(1, 'give the milestone a name').max(80, 'keep the name under 80 characters'),
  metric: z.enum(milestoneMetrics, { error: `metric must be one of ${milestoneMetrics.join(', ')}` }),
  threshold: z.number().int('use a whole number').min(1, 'the threshold must be at least 1'),
  scope: z.enum(milestoneScopes, { error: `scope must be one of ${milestoneScopes.join(', ')}` }),
  message: z.string().trim().min(1, 'write the message people see').max(280, 'keep the message under 280 characters'),
});
export type MilestoneData = z.infer<typeof milestoneSchema>;

/** A milestone with its id (the file name), as the server loads it from the build. */
export type Milestone = MilestoneData & { id: string };

/** A recorded win's public id (win-id.ts): 16 base64url characters, 96 bits of a keyed hash. */
export const winIdSchema = z.string().regex(/^[A-Za-z0-9_-]{16}$/, 'a win id is 16 letters, digits, "-" or "_"');
