import type { WinView } from '../momentum/create-win-views.ts';

/** Slack's mrkdwn reserves &, < and > (links are written <url|text>). */
const escapeMrkdwn = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * A win as an incoming-webhook chat message: the milestone, the story (linked), the advocate's
 * name when they gave one, a link to the win page and its celebration card as the image. Plain
 * `text` plus one attachment: the shape Slack, Mattermost, Rocket.Chat and Discord's /slack path
 * all accept.
 */
export function toSlackMessage(view: WinView, siteUrl: string): Record<string, unknown> {
  const { win, celebration, story, advocateName } = view;
  const winUrl = `${siteUrl}/wins/${win.id}/`;
  const cardUrl = `${siteUrl}/cards/wins/${win.id}/og.png`;
  const storyLine = story ? `<${siteUrl}/stories/${story.slug}/|${escapeMrkdwn(story.title)}>` : undefined;
  const byLine = win.scope === 'advocate' && advocateName ? `shared by ${escapeMrkdwn(advocateName)}` : undefined;
  const headline = `🎉 ${escapeMrkdwn(celebration.figure)}: ${escapeMrkdwn(win.message)}`;
  const details = [storyLine && `Story: ${storyLine}`, byLine && `Advocate: ${byLine.replace(/^shared by /, '')}`, `<${winUrl}|See the win>`].filter(Boolean).join('\n');
  return {
    text: [headline, story ? `${escapeMrkdwn(story.title)}${byLine ? `, ${byLine}` : ''}` : byLine, winUrl].filter(Boolean).join(' · '),
    attachments: [
      {
        fallback: `${celebration.figure}: ${win.message} ${winUrl}`,
        color: '#2f7d5b',
        title: celebration.figure === win.name ? win.name : `${celebration.figure} · ${win.name}`,
        title_link: winUrl,
        text: details,
        image_url: cardUrl,
      },
    ],
  };
}
