import type { TFunction } from "#app/i18n/translate.ts";
import type { ImportError } from "#app/domain/roster-import.ts";

/** The largest roster file the import (and the bulk leavers page) reads. */
export const MAX_CSV_BYTES = 900_000;

export type CsvUpload = { ok: true; text: string; fileName: string } | { ok: false; status: 400 | 413; error: string };

/**
 * The CSV a form sent: a chosen file (`file`), else pasted text (`csv`, named by `fileName`).
 * Too large → 413; neither → 400. `t` is the employer namespace's.
 */
export async function csvFromForm(form: FormData, t: TFunction): Promise<CsvUpload> {
  const file = form.get("file");
  const pasted = form.get("csv");
  if (file && typeof file !== "string" && file.size > 0) {
    if (file.size > MAX_CSV_BYTES) return { ok: false, status: 413, error: t("employer:import.fileTooLarge") };
    return { ok: true, text: await file.text(), fileName: file.name || "pasted.csv" };
  }
  if (typeof pasted === "string" && pasted.trim()) {
    if (pasted.length > MAX_CSV_BYTES) return { ok: false, status: 413, error: t("employer:import.textTooLarge") };
    const named = form.get("fileName");
    return { ok: true, text: pasted, fileName: typeof named === "string" && named ? named.slice(0, 200) : "pasted.csv" };
  }
  return { ok: false, status: 400, error: t("employer:import.chooseFile") };
}

/** A refused file's problems, worded: a summary for the file field and one line per problem (the first 200). */
export function importProblems(errors: readonly ImportError[], t: TFunction) {
  return {
    errors: { file: t("employer:import.problems", { count: errors.length }) },
    rowErrors: errors.slice(0, 200).map((e) => {
      const text = t(`employer:import.row.${e.key}`, e.values);
      return { line: e.line, message: text.startsWith("import.row.") ? e.key : text };
    }),
  };
}
