import { Link } from "@remix-run/react";
import { Rich, useT } from "./i18n.tsx";
import type { RuleOverview } from "#app/server/content.server.ts";

/** What a jurisdiction's rule asks, how much of it is quoted from the law, and whether our course meets it. */
export function RuleSummary({ rule, linkToLaw = true }: { rule: RuleOverview; linkToLaw?: boolean }) {
  const t = useT("public");
  const window = rule.window === null ? t("law.windowNone") : "days" in rule.window ? t("law.windowDays", { count: rule.window.days }) : t("law.windowMonths", { count: rule.window.months });
  const renewal = rule.renewalMonths === null ? t("law.renewalNone") : t("law.renewalMonths", { count: rule.renewalMonths });
  const short = rule.roles.filter((r) => !r.meets);
  return (
    <div className="rule-summary">
      <p>
        <Rich text={t("law.rule", { title: rule.title, citation: rule.citation })} tags={{ strong: (x) => <strong lang="en">{x}</strong> }} /> {window} {renewal}
      </p>
      <p className={rule.verified ? "meta" : "meta warn-text"}>
        {t(rule.verified ? "law.verified" : "law.unverified", { quoted: rule.quoted, fields: rule.fields, date: rule.checkedOn })}
        {linkToLaw ? (
          <>
            {" "}
            <Link to={`/laws/${rule.id}`}>{t("law.readQuotes")}</Link>
          </>
        ) : null}
      </p>
      {short.length === 0 ? (
        <p>{t("law.courseMeets")}</p>
      ) : (
        <div className="notice warn">
          <p>{t(short.length === rule.roles.length ? "law.courseShortAll" : "law.courseShortSome", { roles: short.map((r) => r.label).join(", ") })}</p>
          <ul>
            {rule.gaps.map((g) => (
              <li key={g.key}>{t(`law.gap.${g.kind}`, g.fieldIds ? { fields: g.fieldIds.map((f) => t(`laws.field.${f}`).toLowerCase()).join("; ") } : g.values)}</li>
            ))}
          </ul>
          <p>{t("law.recordOutside")}</p>
        </div>
      )}
      {rule.notServed ? (
        <p className="meta">
          {t("law.notServed")} <span lang="en">{rule.notServed}</span>
        </p>
      ) : null}
    </div>
  );
}
