/**
 * Counts agree with their nouns, in both languages: every message of every namespace is
 * rendered with each of its numbers set to 0, 1 and 2 (and `count`, which picks the plural form,
 * the same), and no rendering may say "1 employers", "2 employer", "1 trabajadores"… A number
 * that is not a count of people or things the code varies (a configured minimum, the small-cell
 * threshold) is given its configured value instead.
 */
import { describe, expect, it } from "vitest";
import { RESOURCES, NAMESPACES } from "#app/locales/index.ts";
import { tFor } from "#app/i18n/messages.server.ts";
import { LANGUAGES, PLURAL_SUFFIX, type Lang, type Messages } from "#app/i18n/translate.ts";

function flatten(m: Messages, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(m)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === "string") out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

/** Placeholders that hold constants of the code, with the value they are given there. */
const CONSTANTS: Record<string, number> = { min: 12, max: 200, mb: 10, days: 14, threshold: 5, employerThreshold: 3, passMark: 80, minutes: 3 };

/** Nouns that follow a number, singular and plural, in each language (an English adjective may come between). */
const NOUNS: Record<Lang, [string, string][]> = {
  en: [
    ["worker", "workers"], ["employer", "employers"], ["employee", "employees"], ["row", "rows"], ["second", "seconds"], ["minute", "minutes"],
    ["hour", "hours"], ["day", "days"], ["month", "months"], ["year", "years"], ["part", "parts"], ["question", "questions"],
    ["character", "characters"], ["requirement", "requirements"], ["job", "jobs"], ["site", "sites"], ["certificate", "certificates"],
    ["code", "codes"], ["person", "people"], ["attempt", "attempts"], ["record", "records"], ["reminder", "reminders"], ["answer", "answers"],
    ["file", "files"], ["county", "counties"], ["sector", "sectors"], ["error", "errors"], ["sign", "signs"], ["module", "modules"],
  ],
  es: [
    ["trabajador", "trabajadores"], ["extrabajador", "extrabajadores"], ["empleador", "empleadores"], ["empleado", "empleados"], ["fila", "filas"],
    ["segundo", "segundos"], ["minuto", "minutos"], ["hora", "horas"], ["día", "días"], ["mes", "meses"], ["año", "años"], ["parte", "partes"],
    ["pregunta", "preguntas"], ["carácter", "caracteres"], ["requisito", "requisitos"], ["puesto", "puestos"], ["sede", "sedes"],
    ["certificado", "certificados"], ["código", "códigos"], ["persona", "personas"], ["intento", "intentos"], ["registro", "registros"],
    ["recordatorio", "recordatorios"], ["respuesta", "respuestas"], ["archivo", "archivos"], ["condado", "condados"], ["sector", "sectores"],
    ["error", "errores"], ["letrero", "letreros"], ["módulo", "módulos"],
  ],
};

/** A number followed by a noun that disagrees with it. */
function disagreements(lang: Lang, text: string): string[] {
  const out: string[] = [];
  const adjective = lang === "en" ? "(?:[a-z-]+ )?" : "";
  for (const [one, many] of NOUNS[lang]) {
    // 1 takes the singular in both languages; 0 and 2 the plural.
    const wrong = [new RegExp(`(?<![\\d.,])1 ${adjective}${many}\\b`, "u"), new RegExp(`(?<![\\d.,])[02] ${adjective}${one}(?![\\p{L}])`, "u")];
    for (const re of wrong) {
      const m = re.exec(text);
      if (m) out.push(m[0]);
    }
  }
  return out;
}

/** Each message once (its plural forms together), with the placeholders any of its forms uses. */
function messages(ns: string): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const [key, text] of flatten(RESOURCES.en[ns] ?? {})) {
    const base = key.replace(PLURAL_SUFFIX, "");
    const names = out.get(base) ?? new Set<string>();
    for (const m of text.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)) names.add(m[1]!);
    out.set(base, names);
  }
  return out;
}

describe("plurals", () => {
  it("the checker itself catches a disagreement and passes agreement", () => {
    expect(disagreements("en", "The 20 lowest of 1 employers")).toEqual(["1 employers"]);
    expect(disagreements("en", "1 covered workers hold")).toEqual(["1 covered workers"]);
    expect(disagreements("en", "2 employer")).toEqual(["2 employer"]);
    expect(disagreements("es", "1 trabajadores obligados")).toEqual(["1 trabajadores"]);
    expect(disagreements("en", "1 employer, 2 employers, 21 employers, 0 workers, 1.5 minutes")).toEqual([]);
    expect(disagreements("es", "1 empleador, 0 empleadores, 2 partes")).toEqual([]);
  });

  for (const lang of LANGUAGES) {
    it(`every message in ${lang === "en" ? "English" : "Spanish"} agrees with 0, 1 and 2`, () => {
      const problems: string[] = [];
      let rendered = 0;
      for (const ns of NAMESPACES) {
        const t = tFor(lang, ns);
        for (const [key, names] of messages(ns)) {
          if (names.size === 0) continue;
          for (const n of [0, 1, 2]) {
            const options: Record<string, string | number> = {};
            for (const name of names) options[name] = CONSTANTS[name] ?? n;
            options.count = n;
            const text = t(key, options);
            rendered++;
            for (const d of disagreements(lang, text)) problems.push(`${ns}:${key} (${n}): "${d}" in "${text}"`);
          }
        }
      }
      expect(rendered).toBeGreaterThan(300);
      expect(problems).toEqual([]);
    });
  }

  it("renders the council's counts through plural forms, with numbers in the language's form", () => {
    const en = tFor("en", "council");
    const es = tFor("es", "council");
    expect(en("overview.lowestText", { count: 1 })).toMatch(/^The only employer with covered workers/);
    expect(en("overview.lowestText", { count: 12_345 })).toMatch(/^The 20 lowest of 12,345 employers/);
    expect(es("employers.count", { count: 1 })).toMatch(/^1 empleador con trabajadores obligados/);
    expect(en("overview.inactiveText", { count: 1 })).toBe("1 employer has covered workers and not one completion.");
  });
});
