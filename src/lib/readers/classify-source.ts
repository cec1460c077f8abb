import { isChannel } from '../referrals/channels.ts';
import type { ReaderSource } from '../referrals/clicks/traffic-event.ts';
import type { ReaderChannel } from './schema.ts';
import { sourceHosts } from './source-hosts.ts';

/** The longest source, medium or campaign kept (longer ones are cut). */
const PART_MAX = 100;

const domains = sourceHosts.filter((entry) => entry.match.includes('.')).sort((a, b) => b.match.length - a.match.length);
const labels = new Map(sourceHosts.filter((entry) => !entry.match.includes('.')).map((entry) => [entry.match, entry.channel]));

const EMAIL_MEDIUMS = new Set(['email', 'e-mail', 'mail', 'newsletter']);
const SOCIAL_MEDIUMS = new Set(['social', 'social-media', 'social_media', 'socialmedia', 'sm', 'social-network']);
const SEARCH_MEDIUMS = new Set(['cpc', 'ppc', 'paid-search', 'paidsearch', 'organic', 'search']);
const CHAT_MEDIUMS = new Set(['chat', 'messaging', 'im']);

/** A utm value or host as stored: trimmed, lower case, inner spaces collapsed, at most PART_MAX characters. */
const tidy = (value: string | null | undefined): string => (value ?? '').trim().toLowerCase().replace(/\s+/g, ' ').slice(0, PART_MAX);

/** The channel a host or utm_source names, if one of the known lists does. */
function channelOfName(name: string): ReaderChannel | undefined {
  for (const entry of domains) if (name === entry.match || name.endsWith(`.${entry.match}`)) return entry.channel;
  for (const label of name.split('.')) {
    const channel = labels.get(label);
    if (channel) return channel;
  }
  return undefined;
}

function channelOfMedium(medium: string): ReaderChannel | undefined {
  if (EMAIL_MEDIUMS.has(medium)) return 'email';
  if (SOCIAL_MEDIUMS.has(medium)) return 'social';
  if (SEARCH_MEDIUMS.has(medium)) return 'search';
  if (CHAT_MEDIUMS.has(medium)) return 'chat';
  return undefined;
}

const hostOf = (referrer: string): string | undefined => {
  if (!referrer) return undefined;
  try {
    const url = new URL(referrer);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    return tidy(url.hostname.replace(/^www\./, '')) || undefined;
  } catch {
    return undefined;
  }
};

/**
 * Where a reader came from, from the page's URL and the document's referrer (nothing per visitor):
 * a `via=<channel>` fragment (added by the /r/<code> redirect) is a share link of that channel;
 * else utm_source / utm_medium / utm_campaign; else the referrer's host (this site's own host is
 * `internal`: a reader moving between pages); else direct. The channel comes from the medium or
 * from the known hosts and names (source-hosts.ts), `referral` for any other source.
 */
export function classifySource(page: URL, referrer: string, siteHost: string): ReaderSource {
  const via = new URLSearchParams(page.hash.slice(1)).get('via');
  if (isChannel(via)) return { channel: 'share link', source: via, medium: '', campaign: '' };
  const source = tidy(page.searchParams.get('utm_source'));
  const medium = tidy(page.searchParams.get('utm_medium'));
  const campaign = tidy(page.searchParams.get('utm_campaign'));
  if (source || medium || campaign) {
    const channel = channelOfMedium(medium) ?? (source ? channelOfName(source) : undefined) ?? (source ? 'referral' : 'direct');
    return { channel, source, medium, campaign };
  }
  const host = hostOf(referrer);
  if (!host) return { channel: 'direct', source: '', medium: '', campaign: '' };
  if (host === siteHost.replace(/^www\./, '').toLowerCase()) return { channel: 'internal', source: '', medium: '', campaign: '' };
  return { channel: channelOfName(host) ?? 'referral', source: host, medium: '', campaign: '' };
}
