import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { milestoneSchema, type Milestone } from '../lib/momentum/schema.ts';

const fileSchema = z.object({ milestones: z.array(milestoneSchema.extend({ id: z.string().min(1) })) });

/** The milestones of the build (dist/client/api/milestones.json), validated; none when absent. */
export function loadMilestones(clientDir: string): Milestone[] {
  const file = path.join(clientDir, 'api', 'milestones.json');
  if (!fs.existsSync(file)) return [];
  return fileSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8'))).milestones;
}
