import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CertificateFacts } from "#app/components/certificate-facts.tsx";
import { LawStandingList } from "#app/components/law-standing.tsx";
import { useT } from "#app/components/i18n.tsx";
import { formatCertificateCode } from "#app/domain/certificate-code.ts";
import { getT } from "#app/i18n/i18n.server.ts";
import { requireWellFormedCode } from "#app/utils/public-url.server.ts";
import { getCertificateByCode, toPublicCertificate } from "#app/models/certificate.server.ts";
import { courseTitleIn } from "#app/server/content.server.ts";
import { now } from "#app/utils/clock.server.ts";
import type { MessagesHandle } from "#app/i18n/page-messages.ts";

export const handle = { messages: ["public"] } satisfies MessagesHandle;

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.pageTitle ?? "Frontline Ready" },
  { name: "robots", content: "noindex" },
];

/** Public: anyone with the code sees whether the certificate is valid, expired or revoked. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { lang, t } = await getT(request, "public");
  const code = requireWellFormedCode(params.code, t("malformedCode"));
  const cert = getCertificateByCode(code);
  if (!cert) {
    throw data(t("check.notFound", { code: formatCertificateCode(code) }), {
      status: 404,
    });
  }
  const pub = toPublicCertificate(cert, now());
  return { ...pub, courseTitle: courseTitleIn(cert.courseId, lang, pub.courseTitle), pageTitle: t("check.pageTitle") };
}

export default function Verify() {
  const c = useLoaderData<typeof loader>();
  const t = useT("public");
  return (
    <section className="card">
      <h1>{t("check.title")}</h1>
      <p className={`notice ${c.status === "valid" ? "ok" : "warn"}`}>
        <span className={`badge ${c.status}`}>{t(`certificateStatus.${c.status}`)}</span> {t(`check.status.${c.status}`)}
        {c.status === "revoked" && c.revokedOn ? ` ${t("check.revokedOn", { date: c.revokedOn })}` : null}
      </p>
      <CertificateFacts c={c} />
      <LawStandingList laws={c.laws} />
      <p>
        <Link to="/verify">{t("check.another")}</Link>
      </p>
    </section>
  );
}
