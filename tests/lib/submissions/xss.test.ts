import { createSatteriMarkdownProcessor } from '@astrojs/markdown-satteri';
import { describe, expect, it } from 'vitest';
import { renderStoryHtml } from '../../../src/lib/submissions/render-story-html.ts';
import { toSafeMarkdown } from '../../../src/lib/submissions/to-safe-markdown.ts';

/** Things a visitor might type to run script in an editor's or a reader's browser. */
const vectors: [string, string][] = [
  ['a script tag', 'Hello <script>alert(1)</script> world'],
  ['a script block', '<script>\nalert(document.cookie)\n</script>'],
  ['an img onerror handler', '<img src=x onerror=alert(1)>'],
  ['an event handler on a div', '<div onmouseover="alert(1)">hover me</div>'],
  ['a details ontoggle', '<details open ontoggle=alert(1)><summary>x</summary></details>'],
  ['a javascript: link', '[click me](javascript:alert(1))'],
  ['a mixed-case javascript: link', '[click me](JaVaScRiPt:alert(1))'],
  ['an entity-encoded javascript: link', '[click me](jav&#x61;script&#58;alert(1))'],
  ['a javascript: link in angle brackets', '[click me](<javascript:alert(1)>)'],
  ['a javascript: link with leading spaces', '[click me](   javascript:alert(1))'],
  ['a javascript: reference link', '[click me][x]\n\n[x]: javascript:alert(1)'],
  ['a data: URL link', '[click me](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)'],
  ['a vbscript: link', '[click me](vbscript:msgbox(1))'],
  ['a javascript: image', '![x](javascript:alert(1))'],
  ['an image with onerror in the title', '![x](https://example.com/x.png "a\\" onerror=\\"alert(1))'],
  ['an autolink breaking out of its attribute', '<https://example.com/" onmouseover="alert(1)>'],
  ['an HTML anchor with javascript:', '<a href="javascript:alert(1)">x</a>'],
  ['an SVG onload', '<svg onload=alert(1)><circle r="1"/></svg>'],
  ['a script inside SVG', '<svg><script>alert(1)</script></svg>'],
  ['an SVG animate href', '<svg><a><animate attributeName="href" values="javascript:alert(1)"/><text y="20">x</text></a></svg>'],
  ['a MathML link', '<math><mi xlink:href="javascript:alert(1)">x</mi></math>'],
  ['an iframe', '<iframe src="javascript:alert(1)"></iframe>'],
  ['an object', '<object data="javascript:alert(1)"></object>'],
  ['a style with a javascript URL', '<div style="background:url(javascript:alert(1))">x</div>'],
  ['a style tag', '<style>body{background:url(javascript:alert(1))}</style>'],
  ['a split script tag', '<scr<script>ipt>alert(1)</scr</script>ipt>'],
  ['an unclosed img tag', '<img src="x" onerror="alert(1)"'],
  ['a doubled angle bracket', '<<script>alert(1);//<</script>'],
  ['a comment hiding a script', '<!-- x --><script>alert(1)</script>'],
  ['a CDATA section', '<![CDATA[<script>alert(1)</script>]]>'],
  ['a meta refresh', '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">'],
  ['a form action', '<form action="javascript:alert(1)"><button>go</button></form>'],
  ['a link in a list in a quote', '> - [x](javascript:alert(1))'],
  ['HTML inside emphasis', '**<img src=x onerror=alert(1)>**'],
  ['a table cell with HTML', '| a |\n| - |\n| <script>alert(1)</script> |'],
];

const ALLOWED_TAGS = new Set(['p', 'br', 'strong', 'em', 'a', 'ul', 'ol', 'li', 'blockquote', 'h2', 'h3', 'h4', 'code', 'pre', 'hr']);

/** Every tag and attribute in the HTML, and whether each is harmless. */
function dangers(html: string): string[] {
  const found: string[] = [];
  for (const [, name, attributes] of html.matchAll(/<\/?([a-zA-Z][\w:-]*)([^>]*)>/g)) {
    if (!ALLOWED_TAGS.has(name!.toLowerCase())) found.push(`tag <${name}>`);
    for (const [, attribute, value] of attributes!.matchAll(/([^\s=/]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?/g)) {
      const attr = attribute!.toLowerCase();
      if (attr === 'href') {
        const url = (value ?? '').replace(/^["']|["']$/g, '').replace(/&amp;/g, '&');
        if (!/^(?:https?:\/\/|mailto:)/i.test(url)) found.push(`href=${url}`);
      } else if (attr !== 'rel' && attr !== 'id') {
        found.push(`attribute ${attr}`);
      }
    }
  }
  return found;
}

describe('a visitor story is never rendered unescaped', () => {
  it.each(vectors)('in the dashboard and on the private link: %s', (_name, markdown) => {
    const html = renderStoryHtml(markdown);
    expect(dangers(html)).toEqual([]);
    expect(html).not.toMatch(/<script|<[^>]+\son[a-z]+\s*=|href\s*=\s*["']?\s*javascript:/i);
  });

  it.each(vectors)('on the published page (Astro\'s Markdown renderer, which passes raw HTML): %s', async (_name, markdown) => {
    const astro = await createSatteriMarkdownProcessor({});
    const { code } = await astro.render(toSafeMarkdown(markdown));
    expect(dangers(code)).toEqual([]);
    expect(code).not.toMatch(/<script|<svg|<img|<iframe|<[^>]+\son[a-z]+\s*=|href\s*=\s*["']?\s*javascript:/i);
  });

  it('keeps what the visitor meant: paragraphs, emphasis, lists, quotes and safe links', async () => {
    const markdown = [
      '# My jacket',
      'I bought it in **2011** and *still* wear it.',
      '- resoled twice\n- new zip in 2019',
      '> Mend it, do not replace it.',
      'More at [the repair cafe](https://example.com/cafe) or [mail me](mailto:ana@example.com).',
      'Tags like <b> and 3 < 4 stay as text.',
    ].join('\n\n');
    const dashboard = renderStoryHtml(markdown);
    expect(dashboard).toContain('<h2>My jacket</h2>');
    expect(dashboard).toContain('<strong>2011</strong>');
    expect(dashboard).toContain('<li>resoled twice</li>');
    expect(dashboard).toContain('<a href="https://example.com/cafe" rel="nofollow ugc noopener">the repair cafe</a>');

    const astro = await createSatteriMarkdownProcessor({});
    const { code } = await astro.render(toSafeMarkdown(markdown));
    expect(code).toMatch(/<h2[^>]*>My jacket<\/h2>/);
    expect(code).toContain('<strong>2011</strong>');
    expect(code).toContain('<em>still</em>');
    expect(code).toContain('<li>new zip in 2019</li>');
    expect(code).toContain('<blockquote>');
    expect(code).toContain('<a href="https://example.com/cafe">the repair cafe</a>');
    expect(code).toContain('<a href="mailto:ana@example.com">mail me</a>');
    expect(code).toContain('Tags like &lt;b&gt; and 3 &lt; 4 stay as text.');
  });
});
