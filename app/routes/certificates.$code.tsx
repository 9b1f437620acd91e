import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CertificateFacts } from "#app/components/certificate-facts.tsx";
import { formatCertificateCode } from "#app/domain/certificate-code.ts";
import { getCertificateByCode, toPublicCertificate } from "#app/models/certificate.server.ts";
import { getRole } from "#app/models/content.server.ts";
import { requireUser } from "#app/utils/auth.server.ts";
import { now } from "#app/utils/clock.server.ts";
import { requireWellFormedCode, verifyUrl } from "#app/utils/public-url.server.ts";

export const meta: MetaFunction = () => [{ title: "Your certificate · Frontline Ready" }];

/** The holder's own view of a certificate, with the PDF download. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const code = requireWellFormedCode(params.code);
  const user = await requireUser(request);
  const cert = getCertificateByCode(code);
  if (!cert || cert.userId !== user.id) throw data("We could not find that certificate among yours.", { status: 404 });
  const pub = toPublicCertificate(cert, now());
  return {
    ...pub,
    code: formatCertificateCode(cert.code),
    role: getRole(cert.jobRole)?.label ?? cert.jobRole,
    score: cert.score,
    verifyUrl: verifyUrl(request, cert.code),
  };
}

export default function CertificatePage() {
  const c = useLoaderData<typeof loader>();
  return (
    <section className="card">
      <h1>Your certificate</h1>
      {c.status === "valid" ? (
        <p className="notice ok">Well done. You completed “{c.courseTitle}”. Keep this code: your employer or an inspector can check it.</p>
      ) : null}
      <p>
        Status: <span className={`badge ${c.status}`}>{c.status}</span>
      </p>
      <CertificateFacts c={c} role={c.role} score={c.score} />
      <div className="actions">
        <a className="button" href={`/certificates/${c.code}.pdf`} download>
          Download PDF
        </a>
        <a href={c.verifyUrl}>Public verification page</a>
        <Link to="/learn">Back to your training</Link>
      </div>
      {c.status === "valid" ? (
        <p className="notice">
          Keep the signs with you: download your red-flags card (PDF) in{" "}
          <a href="/learn/card.pdf" download>
            English
          </a>{" "}
          or{" "}
          <a href="/learn/card.pdf?lang=es" download lang="es" hrefLang="es">
            español
          </a>
          .
        </p>
      ) : null}
    </section>
  );
}
