import { createHmac } from 'node:crypto';

/** The hub_meta key of the secret win ids are made with. */
export const WIN_ID_SECRET = 'win_id_secret';

/**
 * The public id of a recorded win: an HMAC-SHA256 of the milestone and scope key under a server
 * secret. The same win always gets the same id (also if it is forgotten and reached again, and on
 * every instance sharing the database), and the id reveals neither the scope key (an advocate's
 * id) nor which milestone it is to anyone without the secret.
 */
export function winId(secret: Buffer, milestone: string, scopeKey: string): string {
  return createHmac('sha256', secret).update(`win\n${milestone}\n${scopeKey}`).digest('base64url').slice(0, 16);
}
