/**
 * The employer API's words: the CSV import's own problem messages (employer:import.row.*), in
 * English, with the row and field they are about. An API answers in one language.
 */
import type { ImportError } from "#app/domain/roster-import.ts";
import { tFor } from "#app/i18n/messages.server.ts";

/** The API names the site field `site` (a site's id or name), as the CSV's column does. */
const FIELD_NAMES: Record<string, string> = { siteId: "site" };

export function rowProblems(errors: readonly ImportError[]) {
  const t = tFor("en", "employer");
  return errors.slice(0, 200).map((e) => ({
    row: e.line,
    ...(e.field ? { field: FIELD_NAMES[e.field] ?? e.field } : {}),
    code: e.key,
    message: `row ${e.line}: ${t(`import.row.${e.key}`, e.values)}`,
  }));
}
