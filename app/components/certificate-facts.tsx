import type { CertificateStatus } from "#app/domain/expiry.ts";
import { formatPercent } from "#app/i18n/format.ts";
import { isLang } from "#app/i18n/translate.ts";
import { Day, useLang, useT } from "./i18n.tsx";

/** The facts a certificate states, shown to its holder and on the public check page alike. */
export function CertificateFacts({
  c,
  role,
  score,
}: {
  c: {
    code: string;
    holderName: string;
    courseTitle: string;
    courseVersion: string;
    employerName: string;
    issuedOn: string;
    expiresOn: string;
    status: CertificateStatus;
    /** The language the course was taken in. */
    language?: string;
  };
  role?: string;
  score?: number;
}) {
  const t = useT("public");
  const lang = useLang();
  return (
    <dl className="facts">
      <dt>{t("facts.code")}</dt>
      <dd className="code">{c.code}</dd>
      <dt>{t("facts.holder")}</dt>
      <dd>{c.holderName}</dd>
      <dt>{t("facts.course")}</dt>
      <dd>{c.courseTitle}</dd>
      {isLang(c.language) ? (
        <>
          <dt>{t("facts.language")}</dt>
          <dd>{t(`languages.${c.language}`)}</dd>
        </>
      ) : null}
      <dt>{t("facts.employer")}</dt>
      <dd>{c.employerName}</dd>
      {role ? (
        <>
          <dt>{t("facts.role")}</dt>
          <dd>{role}</dd>
        </>
      ) : null}
      {score !== undefined ? (
        <>
          <dt>{t("facts.score")}</dt>
          <dd>{formatPercent(score, lang)}</dd>
        </>
      ) : null}
      <dt>{t("facts.issued")}</dt>
      <dd>
        <Day iso={c.issuedOn} />
      </dd>
      <dt>{c.status === "expired" ? t("facts.expiredAfter") : t("facts.validThrough")}</dt>
      <dd>
        <Day iso={c.expiresOn} />
      </dd>
    </dl>
  );
}
