/** A zero-width joiner between two emoji (👩‍🔧): part of one picture, it cannot reorder or hide text. */
const EMOJI_JOINER = /(?<=\p{Extended_Pictographic}\uFE0F?)\u200D(?=\p{Extended_Pictographic})/gu;
const INVISIBLE = /[\p{Cc}\p{Cf}]/u;

/**
 * Whether text carries control (Unicode Cc) or invisible format (Cf) characters: bidirectional
 * overrides such as U+202E that reverse what follows on a card, zero-width spaces, soft hyphens.
 * The joiner inside an emoji sequence is the one format character allowed.
 */
export function hasInvisibleCharacters(text: string): boolean {
  return INVISIBLE.test(text.replace(EMOJI_JOINER, ''));
}
