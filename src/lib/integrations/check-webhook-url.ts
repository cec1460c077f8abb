import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';
import { isPrivateAddress } from './is-private-address.ts';

export type WebhookUrlRules = {
  /** Origins of the hub itself (SITE_URL, and its own listening address): a webhook must not call the hub. */
  ownOrigins: string[];
  /** Loopback and private addresses are allowed (NODE_ENV=test, or WEBHOOKS_ALLOW_PRIVATE=true). */
  allowPrivate: boolean;
};

export type WebhookUrlCheck = { ok: true; url: string } | { ok: false; message: string };

const isLocalName = (host: string) => host === 'localhost' || host.endsWith('.localhost');

/**
 * The checks that need no network: an absolute http(s) URL without credentials, not the hub
 * itself, and (unless private addresses are allowed) not a loopback or private IP or localhost.
 * Used for WEBHOOK_URL at start-up and as the first step of checkWebhookUrl.
 */
export function checkWebhookUrlSyntax(raw: string, rules: WebhookUrlRules): WebhookUrlCheck {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, message: 'The URL must be absolute, such as https://hooks.example.com/tellwell.' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, message: 'The URL must start with http:// or https://.' };
  if (url.username || url.password) return { ok: false, message: 'The URL must not contain a user name or password; use the signing secret instead.' };
  const own = rules.ownOrigins.map((origin) => new URL(origin).origin);
  if (own.includes(url.origin)) return { ok: false, message: 'The URL points at this hub itself; enter the address of the service that should receive the events.' };
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!rules.allowPrivate && (isLocalName(host) || isPrivateAddress(host))) {
    return { ok: false, message: 'The URL points at a loopback or private network address, which is refused in production (set WEBHOOKS_ALLOW_PRIVATE=true to allow it).' };
  }
  return { ok: true, url: url.href };
}

/**
 * checkWebhookUrlSyntax, then (unless private addresses are allowed) resolves a host name and
 * refuses it when any of its addresses is loopback or private. The delivery worker checks the
 * address again when it connects (a name can change what it resolves to).
 */
export async function checkWebhookUrl(
  raw: string,
  rules: WebhookUrlRules,
  resolve: (host: string) => Promise<string[]> = async (host) => (await lookup(host, { all: true })).map((entry) => entry.address),
): Promise<WebhookUrlCheck> {
  const syntax = checkWebhookUrlSyntax(raw, rules);
  if (!syntax.ok || rules.allowPrivate) return syntax;
  const host = new URL(syntax.url).hostname.replace(/^\[|\]$/g, '');
  if (ipaddr.isValid(host)) return syntax;
  let addresses: string[];
  try {
    addresses = await resolve(host);
  } catch {
    return { ok: false, message: `The host name ${host} could not be resolved; check the URL.` };
  }
  if (addresses.some(isPrivateAddress)) {
    return { ok: false, message: `The host name ${host} resolves to a loopback or private network address, which is refused in production (set WEBHOOKS_ALLOW_PRIVATE=true to allow it).` };
  }
  return syntax;
}
