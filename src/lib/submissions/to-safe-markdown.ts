import { Lexer, type Token, type Tokens } from 'marked';

const SAFE_URL = /^(?:https?:\/\/|mailto:)/i;

/** Text that Markdown shows as typed: no HTML can start, no emphasis or link syntax is formed. */
function escapeText(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]#|~!])/g, '\\$1');
}

/** marked gives some text tokens already entity-escaped; turn them back before escaping ours. */
function decodeEntities(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

function inline(tokens: Token[] | undefined): string {
  return (tokens ?? []).map(inlineToken).join('');
}

function inlineToken(token: Token): string {
  switch (token.type) {
    case 'strong':
      return `**${inline((token as Tokens.Strong).tokens)}**`;
    case 'em':
      return `*${inline((token as Tokens.Em).tokens)}*`;
    case 'codespan':
      return `\`${(token as Tokens.Codespan).text.replace(/`/g, "'")}\``;
    case 'br':
      return '  \n';
    case 'link': {
      const link = token as Tokens.Link;
      const label = inline(link.tokens);
      const href = decodeEntities(link.href).trim();
      if (!SAFE_URL.test(href) || /[\s<>()]/.test(href)) return label;
      return `[${label}](<${href}>)`;
    }
    case 'text': {
      const text = token as Tokens.Text;
      return text.tokens ? inline(text.tokens) : escapeText(decodeEntities(text.text));
    }
    case 'escape':
      return escapeText((token as Tokens.Escape).text);
    default:
      // html, images, anything else: shown as the characters the visitor typed.
      return escapeText(decodeEntities('text' in token && typeof token.text === 'string' ? token.text : token.raw));
  }
}

function block(token: Token): string | undefined {
  switch (token.type) {
    case 'space':
      return undefined;
    case 'paragraph':
      return inline((token as Tokens.Paragraph).tokens);
    case 'heading': {
      const heading = token as Tokens.Heading;
      return `${'#'.repeat(Math.min(Math.max(heading.depth, 2), 4))} ${inline(heading.tokens)}`;
    }
    case 'list': {
      const list = token as Tokens.List;
      const start = typeof list.start === 'number' ? list.start : 1;
      return list.items
        .map((item, index) => {
          const marker = list.ordered ? `${start + index}.` : '-';
          const body = item.tokens.map((child) => block(child)).filter((part) => part !== undefined).join('\n\n');
          return `${marker} ${body.replace(/\n/g, `\n${' '.repeat(marker.length + 1)}`)}`;
        })
        .join('\n');
    }
    case 'blockquote': {
      const quote = token as Tokens.Blockquote;
      const body = quote.tokens.map((child) => block(child)).filter((part) => part !== undefined).join('\n\n');
      return body.split('\n').map((line) => `> ${line}`.trimEnd()).join('\n');
    }
    case 'hr':
      return '---';
    case 'code':
      return (token as Tokens.Code).text.split('\n').map((line) => `    ${line}`).join('\n');
    case 'text': {
      const text = token as Tokens.Text;
      return text.tokens ? inline(text.tokens) : escapeText(decodeEntities(text.text));
    }
    default:
      // html blocks, tables, definitions...: kept as the visitor's words, never as markup.
      return escapeText(decodeEntities(token.raw.trim()));
  }
}

/**
 * Rewrites a visitor's Markdown into Markdown that any renderer (Astro's, Tina's) shows
 * safely: paragraphs, headings, lists, quotes, emphasis, code and http(s)/mailto links are
 * kept; raw HTML and every other construct become escaped text.
 */
export function toSafeMarkdown(markdown: string): string {
  const tokens = new Lexer({ gfm: true }).lex(markdown.replace(/\r\n?/g, '\n'));
  return tokens
    .map((token) => block(token))
    .filter((part): part is string => part !== undefined && part.trim() !== '')
    .join('\n\n')
    .concat('\n');
}
