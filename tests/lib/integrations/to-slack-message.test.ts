import { describe, expect, it } from 'vitest';
import { toSlackMessage } from '../../../src/lib/integrations/to-slack-message.ts';
import type { WinView } from '../../../src/lib/momentum/create-win-views.ts';

const SITE = 'https://stories.example.com';
const view = (over: Partial<WinView> & { scope?: 'story' | 'advocate' | 'hub' } = {}): WinView => ({
  win: { id: 'AbCdEfGhIjKlMnOp', milestone: 'first-click', name: 'First click', message: 'Someone opened your link.', scope: over.scope ?? 'advocate', scopeKey: 'secret-advocate-id', value: 1, reachedAt: 0, metric: 'clicks', threshold: 1, story: null },
  celebration: { figure: 'First click', label: 'Someone opened your link.', title: 'Fourteen winters' },
  story: { slug: 'fourteen-winters-one-shell', title: 'Fourteen winters, one shell', summary: '' },
  indexable: false,
  advocateName: 'Ana',
  ...over,
});

describe('toSlackMessage', () => {
  it('names the milestone, links the story and the win page, credits the advocate and shows the celebration card', () => {
    const message = toSlackMessage(view(), SITE) as { text: string; attachments: Record<string, string>[] };
    expect(message.text).toBe(`🎉 First click: Someone opened your link. · Fourteen winters, one shell, shared by Ana · ${SITE}/wins/AbCdEfGhIjKlMnOp/`);
    expect(message.attachments[0]).toMatchObject({
      title: 'First click',
      title_link: `${SITE}/wins/AbCdEfGhIjKlMnOp/`,
      image_url: `${SITE}/cards/wins/AbCdEfGhIjKlMnOp/og.png`,
    });
    expect(message.attachments[0]!.text).toBe(`Story: <${SITE}/stories/fourteen-winters-one-shell/|Fourteen winters, one shell>\nAdvocate: Ana\n<${SITE}/wins/AbCdEfGhIjKlMnOp/|See the win>`);
    expect(JSON.stringify(message)).not.toContain('secret-advocate-id');
  });

  it('leaves the advocate out when they gave no name, and for story and hub wins', () => {
    expect(JSON.stringify(toSlackMessage(view({ advocateName: null }), SITE))).not.toContain('Advocate');
    expect(JSON.stringify(toSlackMessage(view({ scope: 'story' }), SITE))).not.toContain('Ana');
  });

  it("escapes Slack's control characters in names and titles, so nobody can inject a link or mention", () => {
    const message = JSON.stringify(toSlackMessage(view({ advocateName: '<!channel> & <https://evil.example|x>' }), SITE));
    expect(message).toContain('&lt;!channel&gt; &amp; &lt;https://evil.example|x&gt;');
    expect(message).not.toContain('<!channel>');
  });
});
