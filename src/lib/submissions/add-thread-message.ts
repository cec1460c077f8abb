import type { Kysely } from 'kysely';
import type { Database, SubmissionsTable } from '../db/schema.ts';
import { generateCode } from '../referrals/generate-code.ts';

/** What a line of the thread records. */
export type ThreadKind = 'received' | 'edited' | 'changes_requested' | 'rejected' | 'approved';

/** A line of a visitor story's thread, as both pages show it. */
export type ThreadMessage = { at: number; author: 'editor' | 'storyteller'; kind: ThreadKind; body: string };

const FIELD_NAMES: [keyof SubmissionsTable, string][] = [
  ['title', 'title'],
  ['story', 'story'],
  ['cause', 'cause'],
  ['display_name', 'name'],
  ['photo', 'photo'],
];

/** Which fields an edit changed, as a thread line says it ("title, story"); a new photo counts even under the same file name. */
export function changedFields(before: SubmissionsTable, after: Partial<SubmissionsTable>, newPhoto: boolean): string {
  const changed = FIELD_NAMES.filter(([column]) => column !== 'photo' && column in after && after[column] !== before[column]).map(([, name]) => name);
  if (newPhoto) changed.push('photo');
  return changed.length > 0 ? changed.join(', ') : 'nothing (saved as it was)';
}

/**
 * Adds a line to a submission's thread; call it in the transaction of the change it reports.
 * Its time is at least a millisecond after the thread's last line, so the order is the order of events.
 */
export async function addThreadMessage(trx: Kysely<Database>, submissionId: string, message: ThreadMessage): Promise<void> {
  const last = await trx.selectFrom('submission_messages').select(trx.fn.max('at').as('at')).where('submission_id', '=', submissionId).executeTakeFirst();
  const at = Math.max(message.at, last?.at === null || last?.at === undefined ? 0 : Number(last.at) + 1);
  await trx.insertInto('submission_messages').values({ id: generateCode(16), submission_id: submissionId, ...message, at }).execute();
}
