/**
 * Link-preview fetchers: they fetch a shared link to draw its card in a chat or feed. They are
 * not people, so they never count as clicks, but they must get the story's Open Graph tags.
 * Matched case-insensitively as substrings of the User-Agent, before the general bot check,
 * so the ledger tells previews from other bots. In-app browsers (FB_IAB, Instagram, LINE,
 * Snapchat, "Twitter for iPhone", LinkedInApp) are people and must not match any token here.
 */
export const previewAgents: readonly { token: string; why: string }[] = [
  { token: 'facebookexternalhit', why: 'Facebook and Messenger link previews (also sent by iMessage)' },
  { token: 'facebookcatalog', why: 'Facebook catalog crawler fetching shared product links' },
  { token: 'Facebot', why: 'Facebook preview fetcher' },
  { token: 'meta-externalagent', why: 'Meta link fetcher (Threads, Instagram DMs)' },
  { token: 'Twitterbot', why: 'X / Twitter card fetcher' },
  { token: 'LinkedInBot', why: 'LinkedIn post and message previews' },
  { token: 'Slackbot', why: 'Slack unfurls (Slackbot-LinkExpanding)' },
  { token: 'Slack-ImgProxy', why: 'Slack fetching the card image' },
  { token: 'WhatsApp', why: 'WhatsApp previews (User-Agent WhatsApp/2.x)' },
  { token: 'Discordbot', why: 'Discord embeds' },
  { token: 'TelegramBot', why: 'Telegram link previews' },
  { token: 'SkypeUriPreview', why: 'Skype and Microsoft Teams previews' },
  { token: 'MicrosoftPreview', why: 'Outlook and Teams link previews' },
  { token: 'Pinterestbot', why: 'Pinterest pin previews' },
  { token: 'redditbot', why: 'Reddit link previews' },
  { token: 'Mastodon', why: 'Mastodon servers fetching preview cards (Mastodon/4.x)' },
  { token: 'Bluesky', why: 'Bluesky card fetcher (Bluesky Cardyb)' },
  { token: 'Embedly', why: 'Embedly, used by many apps for previews' },
  { token: 'Iframely', why: 'Iframely preview service' },
  { token: 'vkShare', why: 'VK link previews' },
  { token: 'Google-PageRenderer', why: 'Google Chat and Docs previews' },
  { token: 'Tumblr', why: 'Tumblr link previews' },
];
