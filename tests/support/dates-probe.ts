/**
 * Prints, as JSON, what the date functions give for instants and dates chosen to straddle
 * midnight and daylight-saving changes in far-off zones. tests/unit/dates-tz.test.ts runs it
 * under several TZ values: the answers must not depend on the process's time zone.
 */
import { addDays, addMonths, daysBetween, endOfMonth, monthKey, startOfDayMs, toIsoDate } from "#app/domain/dates.ts";
import { certificateStatus, expiryDate } from "#app/domain/expiry.ts";
import { formatDate } from "#app/i18n/format.ts";

const instants = ["2024-03-10T07:30:00Z", "2024-03-09T23:30:00Z", "2024-11-03T08:59:59.999Z", "2026-12-31T15:00:00Z", "2026-12-31T23:59:59.999Z", "2027-01-01T00:00:00Z"];

function probe() {
  return {
    offsetJanuaryMinutes: new Date(2024, 0, 1).getTimezoneOffset(),
    toIsoDate: instants.map((s) => toIsoDate(new Date(s))),
    expiryDate: instants.map((s) => expiryDate(new Date(s), 12)),
    certificateStatus: instants.map((s) => certificateStatus({ expiresOn: "2026-12-31", revokedAt: null }, new Date(s))),
    addDays: [addDays("2024-03-09", 1), addDays("2024-03-10", 1), addDays("2024-11-02", 2), addDays("2024-04-06", 1)],
    addMonths: [addMonths("2024-01-31", 1), addMonths("2024-10-31", 1), addMonths("2024-03-31", -1)],
    daysBetween: [daysBetween("2024-03-01", "2024-04-01"), daysBetween("2024-10-15", "2024-11-15"), daysBetween("2024-01-01", "2025-01-01")],
    startOfDayMs: [startOfDayMs("2024-03-10"), startOfDayMs("2024-11-03")],
    monthKey: monthKey("2024-03-10"),
    endOfMonth: endOfMonth("2024-02-10"),
    formatDate: [formatDate("2024-03-10", "en", "full"), formatDate("2024-11-03", "es", "full")],
  };
}

process.stdout.write(JSON.stringify(probe()));
