import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CertificateFacts } from "#app/components/certificate-facts.tsx";
import { formatCertificateCode } from "#app/domain/certificate-code.ts";
import { getCertificateByCode, toPublicCertificate } from "#app/models/certificate.server.ts";
import { now } from "#app/utils/clock.server.ts";
import { requireWellFormedCode } from "#app/utils/public-url.server.ts";

export const meta: MetaFunction = () => [
  { title: "Certificate check · Frontline Ready" },
  { name: "robots", content: "noindex" },
];

/** Public: anyone with the code sees whether the certificate is valid, expired or revoked. */
export async function loader({ params }: LoaderFunctionArgs) {
  const code = requireWellFormedCode(params.code);
  const cert = getCertificateByCode(code);
  if (!cert) {
    throw data(`No certificate has the code ${formatCertificateCode(code)}. Check each character and try again.`, {
      status: 404,
    });
  }
  return { ...toPublicCertificate(cert, now()), code: formatCertificateCode(cert.code) };
}

const STATUS_TEXT = {
  valid: "This certificate is valid.",
  expired: "This certificate has expired.",
  revoked: "This certificate was revoked.",
} as const;

export default function Verify() {
  const c = useLoaderData<typeof loader>();
  return (
    <section className="card">
      <h1>Certificate check</h1>
      <p className={`notice ${c.status === "valid" ? "ok" : "warn"}`}>
        <span className={`badge ${c.status}`}>{c.status}</span> {STATUS_TEXT[c.status]}
        {c.status === "revoked" && c.revokedOn ? ` Revoked on ${c.revokedOn}.` : null}
      </p>
      <CertificateFacts c={c} />
      <p>
        <Link to="/verify">Check another code</Link>
      </p>
    </section>
  );
}
