import { describe, expect, it } from 'vitest';
import { advocateNameSchema } from '../../../src/lib/referrals/schema.ts';
import { submissionInputSchema } from '../../../src/lib/submissions/schema.ts';
import { hasInvisibleCharacters } from '../../../src/lib/text/has-invisible-characters.ts';

const refused = [
  ['a right-to-left override (U+202E)', 'Ana \u202Eevil'],
  ['a left-to-right isolate (U+2066)', 'Ana \u2066x'],
  ['a zero-width space (U+200B)', 'An\u200Ba'],
  ['a zero-width joiner between letters', 'An\u200Da'],
  ['a soft hyphen (U+00AD)', 'An\u00ADa'],
  ['a byte-order mark inside the name (U+FEFF)', 'An\uFEFFa'],
  ['a tab', 'Ana\tExample'],
  ['a DEL control character', 'Ana\u007F'],
  ['a C1 control character (U+0085)', 'Ana\u0085'],
] as const;

const allowed = [
  ['accented letters', 'Zoë Ó Briain'],
  ['Arabic, written right to left by itself', 'علي'],
  ['Japanese', '山田 花子'],
  ['an emoji', 'Ana 🌱'],
  ['an emoji made of several joined by zero-width joiners', 'Ana 👩‍🔧 and 👨‍👩‍👧'],
  ['a flag', 'Ana 🇵🇹'],
] as const;

describe('hasInvisibleCharacters', () => {
  it.each(refused)('finds %s', (_case, text) => {
    expect(hasInvisibleCharacters(text)).toBe(true);
  });
  it.each(allowed)('lets %s through', (_case, text) => {
    expect(hasInvisibleCharacters(text)).toBe(false);
  });
});

describe('names of advocates and of visitor stories', () => {
  it.each(refused)('refuse %s with a message that says what to do', (_case, name) => {
    const advocate = advocateNameSchema.safeParse(name);
    expect(advocate.success).toBe(false);
    expect(advocate.error?.issues[0]?.message).toMatch(/invisible or control characters .*type it again without them/);
    const story = submissionInputSchema.shape.name.safeParse(name);
    expect(story.success).toBe(false);
    expect(story.error?.issues[0]?.message).toMatch(/invisible or control characters.*type it again without them/i);
  });
  it.each(allowed)('accept %s', (_case, name) => {
    expect(advocateNameSchema.parse(name)).toBe(name);
  });
});
