/**
 * The council's and the public pages' group words: ids from the domain, translated through
 * closed tables, and a data value (a county's name) never looked up as a message key.
 */
import { describe, expect, it } from "vitest";
import { countyName, sectorName, sizeBandName } from "#app/components/council-labels.ts";
import { sizeBand, SIZE_BANDS } from "#app/domain/aggregates.ts";
import { SectorSchema } from "#app/domain/content-schema.ts";
import { makeT, LANGUAGES } from "#app/i18n/translate.ts";
import { RESOURCES } from "#app/locales/index.ts";

const tFor = (lang: (typeof LANGUAGES)[number]) => makeT(lang, { council: RESOURCES[lang].council!, public: RESOURCES[lang].public! }, "council");

describe("size bands", () => {
  it("are ids, at each boundary", () => {
    expect([1, 9, 10, 49, 50, 249, 250, 5000].map(sizeBand)).toEqual(["1-9", "1-9", "10-49", "10-49", "50-249", "50-249", "250+", "250+"]);
  });

  it("have words in every language, and no id shows as itself or as a key", () => {
    const en = tFor("en");
    const es = tFor("es");
    expect(SIZE_BANDS.map((b) => sizeBandName(en, b))).toEqual(["1–9 workers", "10–49 workers", "50–249 workers", "250 or more workers"]);
    expect(SIZE_BANDS.map((b) => sizeBandName(es, b))).toEqual(["De 1 a 9 trabajadores", "De 10 a 49 trabajadores", "De 50 a 249 trabajadores", "250 trabajadores o más"]);
  });
});

describe("sectors and counties", () => {
  it("every sector has its name in every language", () => {
    for (const lang of LANGUAGES) {
      for (const sector of SectorSchema.options) {
        const name = sectorName(tFor(lang), sector);
        expect(name, `${lang} ${sector}`).not.toMatch(/sectors\./);
        expect(name.length).toBeGreaterThan(0);
      }
    }
    expect(sectorName(tFor("es"), "lodging")).toBe("hotelería");
  });

  it("a county is a name, even one that reads like a message key or a sector; none recorded is said in words", () => {
    for (const lang of LANGUAGES) {
      const t = tFor(lang);
      for (const county of ["Travis", "lodging", "transit", "sectors.Travis", "sizeBands.1-9", "public:countyNotRecorded", "overview.title"]) {
        expect(countyName(t, county), `${lang} ${county}`).toBe(county);
      }
    }
    expect(countyName(tFor("en"), null)).toBe("County not recorded");
    expect(countyName(tFor("es"), null)).toBe("Condado no registrado");
  });
});
