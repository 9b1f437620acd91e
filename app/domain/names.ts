/**
 * What a name may not hold: the one rule every name field runs (a worker's name on the roster
 * and at joining, an employer's and a site's name, usernames, the name someone signs with).
 *
 * Refused: control characters (C0, DEL, C1: NUL, tabs and line breaks inside a name, escape
 * sequences) and the bidirectional embeddings, overrides and isolates (U+202A–U+202E,
 * U+2066–U+2069), which make text display in another order than it is stored: a name could
 * read one way on a certificate or the roster and sort, search and export as another.
 * Letters of every script, accents and ordinary punctuation are untouched.
 */
import { z } from "zod";

export const HIDDEN_NAME_CHARS = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/u;
const HIDDEN_NAME_CHARS_ALL = new RegExp(HIDDEN_NAME_CHARS.source, "gu");

/** Whether a name is free of control and text-direction characters. */
export function isPlainName(value: string): boolean {
  return !HIDDEN_NAME_CHARS.test(value);
}

/** A value with its control and text-direction characters shown as spaces (to echo it in a message safely). */
export function withoutHiddenChars(value: string): string {
  return value.replace(HIDDEN_NAME_CHARS_ALL, " ");
}

/** The message when a form's schema does not name its own (a translation key). */
export const NAME_CHARS_MESSAGE = "common:names.hiddenChars";

/**
 * The refinement: `z.string().trim().max(100).check(plainName())`. `message` is the page's own
 * wording when it has one (the roster row names its problems by id); the default is the shared
 * message, in every language.
 */
export function plainName(message: string = NAME_CHARS_MESSAGE) {
  return z.refine<string>(isPlainName, { message });
}
