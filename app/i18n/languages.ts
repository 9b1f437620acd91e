/** The interface's languages: their one home, read by the message engine and the formatters. */
export const LANGUAGES = ["en", "es"] as const;
export type Lang = (typeof LANGUAGES)[number];
