import type { WinView } from '../../../lib/momentum/create-win-views.ts';
import { winPaths } from '../../../lib/momentum/win-paths.ts';
import type { SiteIndex } from '../../load-site-index.ts';

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!);

/** What a link preview shows of a share link: the story's, or a win's celebration card. */
export type Preview = { title: string; description: string; url: string; image: string; imageAlt: string };

/** What a link-preview fetcher gets: Open Graph tags, nothing counted as a click. */
export function previewPage(preview: Preview, brand: string): string {
  const tags = [
    ['og:type', 'article'],
    ['og:site_name', brand],
    ['og:title', preview.title],
    ['og:description', preview.description],
    ['og:url', preview.url],
    ['og:image', preview.image],
    ['og:image:width', '1200'],
    ['og:image:height', '630'],
    ['og:image:alt', preview.imageAlt],
  ]
    .map(([property, content]) => `<meta property="${property}" content="${escapeHtml(content!)}">`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>${escapeHtml(preview.title)} · ${escapeHtml(brand)}</title>
<meta name="description" content="${escapeHtml(preview.description)}">
<meta name="robots" content="noindex">
<link rel="canonical" href="${escapeHtml(preview.url)}">
${tags}
<meta name="twitter:card" content="summary_large_image">
<meta name="twitter:title" content="${escapeHtml(preview.title)}">
<meta name="twitter:description" content="${escapeHtml(preview.description)}">
<meta name="twitter:image" content="${escapeHtml(preview.image)}">
</head><body><p><a href="${escapeHtml(preview.url)}">${escapeHtml(preview.title)}</a></p></body></html>\n`;
}

/** The preview of a plain share link: the story with the link's card. */
export function storyPreview(story: SiteIndex['stories'][number], siteUrl: string, image: string): Preview {
  return {
    title: story.title,
    description: story.summary,
    url: `${siteUrl}/stories/${story.slug}/`,
    image,
    imageAlt: `Share card of the story "${story.title}"`,
  };
}

/**
 * The preview of a share link that celebrates a win: its celebration card. og:url is the shared
 * link itself, so a scraper that follows og:url (Facebook) gets this same preview back.
 */
export function winPreview(view: WinView, story: SiteIndex['stories'][number], siteUrl: string, code: string): Preview {
  const paths = winPaths(view.win.id);
  const { figure, label, title } = view.celebration;
  return {
    title: `${view.win.name} · ${story.title}`,
    description: `${label} ${story.summary}`,
    url: `${siteUrl}${paths.link(code)}`,
    image: `${siteUrl}${paths.card('og')}`,
    imageAlt: `Celebration card: ${figure}. ${label} ${title}`,
  };
}
