import type { ReaderChannel } from './schema.ts';

/**
 * Referrer hosts and utm_source names that tell a channel. An entry with a dot matches that host
 * and its subdomains; one without matches any label of the host (google.de, www.google.co.uk) or
 * a utm_source of that name. Domains are checked before labels, so mail.google.com is email, not
 * search.
 */
export const sourceHosts: { match: string; channel: Exclude<ReaderChannel, 'share link' | 'referral' | 'internal' | 'direct'>; why: string }[] = [
  // Webmail: a link opened from a message in the browser.
  { match: 'mail.google.com', channel: 'email', why: 'Gmail on the web' },
  { match: 'outlook.live.com', channel: 'email', why: 'Outlook.com' },
  { match: 'outlook.office.com', channel: 'email', why: 'Outlook on the web (work accounts)' },
  { match: 'outlook.office365.com', channel: 'email', why: 'Outlook on the web (older host)' },
  { match: 'mail.yahoo.com', channel: 'email', why: 'Yahoo Mail' },
  { match: 'mail.proton.me', channel: 'email', why: 'Proton Mail' },
  { match: 'newsletter', channel: 'email', why: 'utm_source=newsletter, common in mailing tools' },
  { match: 'email', channel: 'email', why: 'utm_source=email' },
  // Chat apps: their web clients, link wrappers and utm_source names.
  { match: 'web.whatsapp.com', channel: 'chat', why: 'WhatsApp Web' },
  { match: 'wa.me', channel: 'chat', why: "WhatsApp's link host" },
  { match: 'whatsapp', channel: 'chat', why: 'utm_source=whatsapp' },
  { match: 'web.telegram.org', channel: 'chat', why: 'Telegram Web' },
  { match: 't.me', channel: 'chat', why: "Telegram's link host" },
  { match: 'telegram', channel: 'chat', why: 'utm_source=telegram' },
  { match: 'messenger.com', channel: 'chat', why: 'Facebook Messenger on the web' },
  { match: 'messenger', channel: 'chat', why: 'utm_source=messenger' },
  { match: 'slack.com', channel: 'chat', why: "Slack (app.slack.com, its link redirector)" },
  { match: 'discord.com', channel: 'chat', why: 'Discord' },
  { match: 'teams.microsoft.com', channel: 'chat', why: 'Microsoft Teams' },
  { match: 'signal', channel: 'chat', why: 'utm_source=signal (Signal sends no referrer)' },
  // Social networks and their link shorteners.
  { match: 'facebook', channel: 'social', why: 'facebook.com, l.facebook.com, m.facebook.com, utm_source=facebook' },
  { match: 'fb.me', channel: 'social', why: "Facebook's short links" },
  { match: 'instagram', channel: 'social', why: 'instagram.com, l.instagram.com' },
  { match: 't.co', channel: 'social', why: "X's link wrapper: every link clicked on X arrives through it" },
  { match: 'x.com', channel: 'social', why: 'X' },
  { match: 'twitter', channel: 'social', why: 'twitter.com, utm_source=twitter' },
  { match: 'x', channel: 'social', why: 'utm_source=x' },
  { match: 'linkedin', channel: 'social', why: 'linkedin.com, utm_source=linkedin' },
  { match: 'lnkd.in', channel: 'social', why: "LinkedIn's link wrapper" },
  { match: 'reddit', channel: 'social', why: 'reddit.com, old.reddit.com' },
  { match: 'pinterest', channel: 'social', why: 'pinterest.com and its country domains' },
  { match: 'threads.net', channel: 'social', why: 'Threads' },
  { match: 'bsky.app', channel: 'social', why: 'Bluesky' },
  { match: 'mastodon', channel: 'social', why: 'mastodon.social and instances named mastodon.*' },
  { match: 'tiktok', channel: 'social', why: 'TikTok' },
  { match: 'youtube', channel: 'social', why: 'youtube.com (links in descriptions and comments)' },
  // Search engines (their country domains match by label).
  { match: 'google', channel: 'search', why: 'google.com, google.de, www.google.co.uk, ...' },
  { match: 'bing', channel: 'search', why: 'Bing' },
  { match: 'duckduckgo', channel: 'search', why: 'DuckDuckGo' },
  { match: 'search.yahoo.com', channel: 'search', why: 'Yahoo search' },
  { match: 'ecosia', channel: 'search', why: 'Ecosia' },
  { match: 'search.brave.com', channel: 'search', why: 'Brave Search' },
  { match: 'startpage', channel: 'search', why: 'Startpage' },
  { match: 'qwant', channel: 'search', why: 'Qwant' },
  { match: 'kagi', channel: 'search', why: 'Kagi' },
  { match: 'yandex', channel: 'search', why: 'Yandex' },
  { match: 'baidu', channel: 'search', why: 'Baidu' },
];
