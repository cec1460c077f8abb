import { channelShareUrl } from '../lib/referrals/channel-share-url.ts';
import { isChannel, type Channel } from '../lib/referrals/channels.ts';

type ShareAnswer = { code: string; url: string };

/** Popups must open during the tap itself, before the link exists, or browsers block them. */
const POPUP_CHANNELS = new Set<Channel>(['x', 'linkedin', 'facebook', 'whatsapp']);

/** A story's win as GET /api/public/stories/<slug> lists it. */
type PublicWin = { name: string; message: string; url?: string };

/**
 * Turns the share form into one-tap sharing: create the link, then open the channel. On a
 * story's page it also shows the story's live counts and wins, each linking to its win page.
 */
export function enhanceSharePanel(panel: HTMLElement): void {
  const story = panel.dataset.story!;
  const title = panel.dataset.title!;
  const win = panel.dataset.win;
  const form = panel.querySelector('form')!;
  const result = panel.querySelector<HTMLElement>('[data-result]')!;
  const linkField = panel.querySelector<HTMLInputElement>('[data-link]')!;
  const status = panel.querySelector<HTMLElement>('[data-status]')!;
  const qr = panel.querySelector<HTMLImageElement>('[data-qr]')!;
  const native = panel.querySelector<HTMLButtonElement>('[data-native]')!;
  const count = panel.querySelector<HTMLElement>('[data-count]')!;
  const wins = panel.querySelector<HTMLElement>('[data-wins]')!;
  if (typeof navigator.share === 'function') native.hidden = false;

  const copy = async (url: string) => {
    try {
      await navigator.clipboard.writeText(url);
      status.textContent = 'Link copied. Paste it anywhere.';
    } catch {
      linkField.select();
      status.textContent = 'Select the link above and copy it.';
    }
  };

  form.addEventListener('submit', async (event) => {
    const submitter = (event as SubmitEvent).submitter as HTMLButtonElement | null;
    const channel = submitter?.value;
    if (!isChannel(channel)) return;
    event.preventDefault();
    const popup = POPUP_CHANNELS.has(channel) ? window.open('', '_blank') : null;
    status.textContent = 'Making your link…';
    result.hidden = false;
    const name = (new FormData(form).get('name') as string | null) ?? '';
    let answer: ShareAnswer;
    try {
      const response = await fetch('/api/share', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ story, channel, name, ...(win ? { win } : {}) }),
      });
      const body = await response.json();
      if (!response.ok) throw new Error(body?.error?.message ?? 'Sharing failed.');
      answer = body as ShareAnswer;
    } catch (error) {
      popup?.close();
      status.textContent = `Could not make your link: ${(error as Error).message}`;
      return;
    }
    linkField.value = answer.url;
    qr.hidden = channel !== 'qr';
    if (channel === 'qr') qr.src = `/api/share/${answer.code}/qr.svg`;
    const target = channelShareUrl(channel, answer.url, title);
    if (popup && target) {
      popup.location.href = target;
      status.textContent = 'Opened in a new tab. Thank you for passing it on.';
    } else if (target) {
      window.location.href = target;
    } else if (channel === 'native') {
      await navigator.share({ title, url: answer.url }).catch(() => undefined);
      status.textContent = 'Thank you for passing it on.';
    } else if (channel === 'copy') {
      await copy(answer.url);
    } else {
      status.textContent = 'Scan the code, or show it to someone.';
    }
  });

  panel.querySelector('[data-copy]')!.addEventListener('click', () => copy(linkField.value));
  if (win) return;

  // Revalidate: an advocate who just shared and reloads expects to see their share counted.
  fetch(`/api/public/stories/${encodeURIComponent(story)}`, { cache: 'no-cache' })
    .then((response) => (response.ok ? response.json() : undefined))
    .then((body: { shares?: number; wins?: PublicWin[] } | undefined) => {
      if (!body?.shares) return;
      count.textContent = `Shared ${body.shares} ${body.shares === 1 ? 'time' : 'times'} so far.`;
      count.hidden = false;
      // Small wins of this story (newest first): text only, never HTML.
      for (const reached of (body.wins ?? []).slice(0, 3)) {
        const item = document.createElement('li');
        const name = document.createElement('strong');
        name.textContent = reached.name;
        item.append(name, ` ${reached.message}`);
        // Only a path of this site: the API names win pages, never other origins.
        if (reached.url?.startsWith('/wins/')) {
          const link = document.createElement('a');
          link.href = reached.url;
          link.textContent = 'Share this win';
          item.append(' ', link);
        }
        wins.append(item);
      }
      wins.hidden = wins.childElementCount === 0;
    })
    .catch(() => undefined);
}
