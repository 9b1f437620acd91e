/**
 * The words for the council's and the public pages' groups. The models hand over ids (a sector
 * id, a size band id, a county's name or `null`); these turn them into the page's language.
 *
 * A message key is only ever taken from these closed tables, never built from a data value:
 * a county named "Travis" is a name to show, not the key `sectors.Travis` to look up.
 */
import type { SizeBand } from "#app/domain/aggregates.ts";
import type { Sector } from "#app/domain/content-schema.ts";
import type { TFunction } from "#app/i18n/translate.ts";

const SECTOR_KEYS: Record<Sector, string> = { lodging: "public:sectors.lodging", transit: "public:sectors.transit" };
/** A sector as a label on its own (a table cell, a heading): "Lodging", "Hotelería". */
const SECTOR_LABEL_KEYS: Record<Sector, string> = { lodging: "public:sectorLabels.lodging", transit: "public:sectorLabels.transit" };

/** The states the platform has rules for, by jurisdiction id: "US-TX" → "Texas", "US-NY" → "Nueva York". */
const STATE_KEYS: Record<string, string> = Object.fromEntries(
  ["US-CA", "US-CT", "US-FL", "US-IL", "US-LA", "US-MD", "US-MN", "US-NJ", "US-NY", "US-TX", "US-WA", "US-WI"].map((id) => [id, `common:states.${id}`]),
);

const SIZE_BAND_KEYS: Record<SizeBand, string> = {
  "1-9": "council:sizeBands.1-9",
  "10-49": "council:sizeBands.10-49",
  "50-249": "council:sizeBands.50-249",
  "250+": "council:sizeBands.250+",
};

const has = <K extends string>(table: Record<K, string>, id: string): id is K => Object.prototype.hasOwnProperty.call(table, id);

/** A sector's name ("lodging" → "hotelería"); an id the platform does not know, as it is. */
export function sectorName(t: TFunction, sector: string): string {
  return has(SECTOR_KEYS, sector) ? t(SECTOR_KEYS[sector]) : sector;
}

/** A sector's name as a label on its own, capitalised as one: "Lodging", "Hotelería". */
export function sectorLabel(t: TFunction, sector: string): string {
  return has(SECTOR_LABEL_KEYS, sector) ? t(SECTOR_LABEL_KEYS[sector]) : sector;
}

/** A state's name in the page's language ("US-NY" → "New York", "Nueva York"); a jurisdiction id the platform does not know, as it is. */
export function stateName(t: TFunction, jurisdiction: string): string {
  return has(STATE_KEYS, jurisdiction) ? t(STATE_KEYS[jurisdiction]!) : jurisdiction;
}

/** A jurisdiction's rule for a sector, named in the page's language: "Texas lodging", "la norma de hotelería de Texas". */
export function ruleName(t: TFunction, jurisdiction: string, sector: string): string {
  return t("common:ruleName", { state: stateName(t, jurisdiction), sector: sectorName(t, sector) });
}

/** An employer size band ("1-9" → "1–9 workers"). */
export function sizeBandName(t: TFunction, band: string): string {
  return has(SIZE_BAND_KEYS, band) ? t(SIZE_BAND_KEYS[band]) : band;
}

/** A county is a name and stays one; `null` (none recorded) says so in the page's language. */
export function countyName(t: TFunction, county: string | null): string {
  return county ?? t("public:countyNotRecorded");
}
