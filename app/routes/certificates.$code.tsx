import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CertificateFacts } from "#app/components/certificate-facts.tsx";
import { Rich, useT } from "#app/components/i18n.tsx";
import { certificatePath, verifyUrl } from "#app/domain/public-urls.ts";
import { getT } from "#app/i18n/i18n.server.ts";
import { getCertificateByCode, toPublicCertificate } from "#app/models/certificate.server.ts";
import { courseTitleIn, roleLabel } from "#app/server/content.server.ts";
import { requireUser } from "#app/server/auth.server.ts";
import { now } from "#app/utils/clock.server.ts";
import { publicOrigin, requireWellFormedCode } from "#app/utils/public-url.server.ts";
import type { MessagesHandle } from "#app/i18n/page-messages.ts";
import { credentialUrl } from "#app/domain/open-badges.ts";
import { openBadgesOn } from "#app/server/open-badges.server.ts";
import QRCode from "qrcode";

export const handle = { messages: ["public"] } satisfies MessagesHandle;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.pageTitle ?? "Frontline Ready" }];

/** The holder's own view of a certificate, with the PDF download. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { lang, t } = await getT(request, "public");
  const code = requireWellFormedCode(params.code, t("malformedCode"));
  const user = await requireUser(request);
  const cert = getCertificateByCode(code);
  if (!cert || cert.userId !== user.id) throw data(t("certificate.notFound"), { status: 404 });
  const pub = toPublicCertificate(cert, now());
  // Open Badges (OPEN_BADGES=1, ADR 031): the file, and a QR of its address for a wallet app.
  // Its words come with the data, so that with the feature off the page carries nothing more.
  const badgeUrl = openBadgesOn() ? credentialUrl(publicOrigin(), cert.code) : null;
  const bt = badgeUrl ? (await getT(request, "badges")).t : null;
  return {
    openBadge:
      badgeUrl && bt
        ? {
            path: new URL(badgeUrl).pathname,
            qrSvg: await QRCode.toString(badgeUrl, { type: "svg", errorCorrectionLevel: "M", margin: 2 }),
            words: { title: bt("badges:title"), intro: bt("badges:intro"), download: bt("badges:download"), qrLabel: bt("badges:qrLabel") },
          }
        : null,
    ...pub,
    courseTitle: courseTitleIn(cert.courseId, lang, pub.courseTitle),
    role: roleLabel(cert.jobRole, lang),
    score: cert.score,
    verifyUrl: verifyUrl(publicOrigin(), cert.code),
    pageTitle: t("certificate.pageTitle"),
  };
}

export default function CertificatePage() {
  const c = useLoaderData<typeof loader>();
  const t = useT("public");
  return (
    <section className="card">
      <h1>{t("certificate.title")}</h1>
      {c.status === "valid" ? <p className="notice ok">{t("certificate.wellDone", { course: c.courseTitle })}</p> : null}
      <p>
        {t("certificate.status")} <span className={`badge ${c.status}`}>{t(`certificateStatus.${c.status}`)}</span>
      </p>
      <CertificateFacts c={c} role={c.role} score={c.score} />
      <div className="actions">
        <a className="button" href={`${certificatePath(c.code)}.pdf`} download>
          {t("certificate.downloadPdf")}
        </a>
        <a href={c.verifyUrl}>{t("certificate.verifyPage")}</a>
        <Link to="/learn">{t("certificate.back")}</Link>
      </div>
      {c.openBadge ? (
        <section aria-labelledby="open-badge-title">
          <h2 id="open-badge-title">{c.openBadge.words.title}</h2>
          <p>{c.openBadge.words.intro}</p>
          <p>
            <a className="button" href={c.openBadge.path} download>
              {c.openBadge.words.download}
            </a>
          </p>
          <div style={{ width: "min(14rem, 100%)" }} role="img" aria-label={c.openBadge.words.qrLabel} dangerouslySetInnerHTML={{ __html: c.openBadge.qrSvg }} />
        </section>
      ) : null}
      {c.status === "valid" ? (
        <p className="notice">
          <Rich
            text={t("certificate.card")}
            tags={{
              // Each link names its card's language explicitly: without ?lang= the card
              // follows the page's language.
              en: (s) => (
                <a href="/learn/card.pdf?lang=en" download hrefLang="en">
                  {s}
                </a>
              ),
              es: (s) => (
                <a href="/learn/card.pdf?lang=es" download lang="es" hrefLang="es">
                  {s}
                </a>
              ),
            }}
          />
        </p>
      ) : null}
    </section>
  );
}
