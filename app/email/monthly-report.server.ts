/**
 * The monthly compliance email to an employer's admins: a short summary in the admin's
 * language, with the roster CSV and the compliance report PDF attached (the attachments are
 * made when it is sent, app/models/monthly-report.server.ts). Words come from
 * app/locales/<lang>/email.json.
 *
 * The dedupe key names the employer, the month and the admin: `monthly:<employerId>:<YYYY-MM>:<adminId>`,
 * so each admin gets one a month however often the daily job runs.
 */
import { siteUrl } from "#app/domain/public-urls.ts";
import { formatDate, formatPercent } from "#app/i18n/format.ts";
import { tFor } from "#app/i18n/messages.server.ts";
import type { Lang } from "#app/i18n/translate.ts";
import type { Email } from "./reminders.server.ts";

export function monthlyReportKey(employerId: string, month: string, adminId: string): string {
  return `monthly:${employerId}:${month}:${adminId}`;
}

/** The admin id a monthly report's dedupe key names (undefined for any other key). */
export function adminOfMonthlyReportKey(key: string): string | undefined {
  const m = /^monthly:[^:]+:\d{4}-\d{2}:(.+)$/.exec(key);
  return m?.[1];
}

export function monthlyReportEmail(
  input: { employerId: string; employerName: string; adminId: string; adminName: string; today: string; covered: number; compliant: number; rate: number | null; origin: string },
  lang: Lang,
): Email {
  const t = tFor(lang, "email");
  const when = formatDate(input.today, lang, "long");
  const body = [
    t("monthly.hello", { name: input.adminName }),
    "",
    t("monthly.intro", { employer: input.employerName, when }),
    input.covered === 0 ? t("monthly.noCovered") : t("monthly.rate", { compliant: input.compliant, count: input.covered, rate: formatPercent(input.rate, lang) }),
    "",
    t("monthly.attached"),
    "",
    t("monthly.turnOff"),
    siteUrl(input.origin, "/employer/reminders"),
    "",
    "Frontline Ready",
    "",
  ].join("\n");
  return { dedupeKey: monthlyReportKey(input.employerId, input.today.slice(0, 7), input.adminId), subject: t("monthly.subject", { employer: input.employerName, when }), body };
}
