import type { CertificateStatus } from "#app/domain/expiry.ts";

/** The facts a certificate states, shown to its holder and on the public check page alike. */
export function CertificateFacts({
  c,
  role,
  score,
}: {
  c: { code: string; holderName: string; courseTitle: string; courseVersion: string; employerName: string; issuedOn: string; expiresOn: string; status: CertificateStatus };
  role?: string;
  score?: number;
}) {
  return (
    <dl className="facts">
      <dt>Code</dt>
      <dd className="code">{c.code}</dd>
      <dt>Holder</dt>
      <dd>{c.holderName}</dd>
      <dt>Course</dt>
      <dd>
        {c.courseTitle} (version {c.courseVersion})
      </dd>
      <dt>Employer</dt>
      <dd>{c.employerName}</dd>
      {role ? (
        <>
          <dt>Role</dt>
          <dd>{role}</dd>
        </>
      ) : null}
      {score !== undefined ? (
        <>
          <dt>Score</dt>
          <dd>{score}%</dd>
        </>
      ) : null}
      <dt>Issued</dt>
      <dd>{c.issuedOn}</dd>
      <dt>{c.status === "expired" ? "Expired after" : "Valid through"}</dt>
      <dd>{c.expiresOn}</dd>
    </dl>
  );
}
