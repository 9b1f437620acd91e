import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CertificateFacts } from "#app/components/certificate-facts.tsx";
import { LawStandingList } from "#app/components/law-standing.tsx";
import { useT } from "#app/components/i18n.tsx";
import { VerifyForm } from "#app/components/verify-form.tsx";
import { formatCertificateCode, normalizeCertificateCode } from "#app/domain/certificate-code.ts";
import { getT } from "#app/i18n/i18n.server.ts";
import { getCertificateByCode, toPublicCertificate } from "#app/models/certificate.server.ts";
import { courseTitleIn } from "#app/server/content.server.ts";
import { now } from "#app/utils/clock.server.ts";
import type { MessagesHandle } from "#app/i18n/page-messages.ts";

export const handle = { messages: ["public"] } satisfies MessagesHandle;

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.pageTitle ?? "Frontline Ready" },
  { name: "robots", content: "noindex" },
];

/**
 * Public: anyone with the code sees whether the certificate is valid, expired or revoked. A code
 * no certificate has (404) or that is not a code (400) gets the page again with the form, filled
 * in with what was asked, to try again.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { lang, t } = await getT(request, "public");
  const asked = (params.code ?? "").slice(0, 100);
  const code = normalizeCertificateCode(asked);
  if (!code) {
    return data({ found: false as const, pageTitle: t("check.pageTitle"), code: asked, error: t("malformedCode") }, { status: 400 });
  }
  const cert = getCertificateByCode(code);
  if (!cert) {
    const shown = formatCertificateCode(code);
    return data({ found: false as const, pageTitle: t("check.pageTitle"), code: shown, error: t("check.notFound", { code: shown }) }, { status: 404 });
  }
  const pub = toPublicCertificate(cert, now());
  return {
    found: true as const,
    certificate: { ...pub, courseTitle: courseTitleIn(cert.courseId, lang, pub.courseTitle) },
    // The exact text the certificate was earned on, for an auditor: in a <details>, out of everyone else's way.
    record: { version: cert.courseVersion, hash: cert.contentHash },
    pageTitle: t("check.pageTitle"),
  };
}

export default function Verify() {
  const d = useLoaderData<typeof loader>();
  const t = useT("public");
  if (!d.found) {
    return (
      <section className="card">
        <h1>{t("check.notFoundTitle")}</h1>
        <p className="notice warn">
          {t("facts.code")}: <span className="code">{d.code}</span>
        </p>
        <p>{t("check.tryAgain")}</p>
        <VerifyForm code={d.code} error={d.error} />
      </section>
    );
  }
  const c = d.certificate;
  return (
    <section className="card">
      <h1>{t("check.title")}</h1>
      <p className={`notice ${c.status === "valid" ? "ok" : "warn"}`}>
        <span className={`badge ${c.status}`}>{t(`certificateStatus.${c.status}`)}</span> {t(`check.status.${c.status}`)}
        {c.status === "revoked" && c.revokedOn ? ` ${t("check.revokedOn", { date: c.revokedOn })}` : null}
      </p>
      <CertificateFacts c={c} />
      <details>
        <summary>{t("facts.record")}</summary>
        <p className="meta">{t("facts.recordWhy")}</p>
        <dl className="facts">
          <dt>{t("facts.recordVersion")}</dt>
          <dd>{t("facts.courseVersion", { title: c.courseTitle, version: d.record.version })}</dd>
          <dt>{t("facts.recordHash")}</dt>
          <dd className="code">{d.record.hash}</dd>
        </dl>
      </details>
      <LawStandingList laws={c.laws} />
      <p>
        <Link to="/verify">{t("check.another")}</Link>
      </p>
    </section>
  );
}
