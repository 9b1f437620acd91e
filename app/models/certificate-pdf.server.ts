/**
 * Certificate PDFs are rendered once, in the PDF worker thread, soon after issuance, and
 * stored: downloads and exports then read bytes (ADR 009). A certificate without a stored
 * PDF (issued before this existed) is rendered on first need. The verify address and QR code
 * in them are the configured origin's (publicOrigin), never a request's: what is stored is
 * served to everyone later.
 */
import crypto from "node:crypto";
import { eq, isNull } from "drizzle-orm";
import { certificatePdfs, certificates } from "#db/schema.ts";
import { formatCertificateCode } from "#app/domain/certificate-code.ts";
import { toIsoDate } from "#app/domain/dates.ts";
import { verifyUrl } from "#app/domain/public-urls.ts";
import { timeZoneOf } from "#app/i18n/format.ts";
import type { CertificatePdfData } from "#app/pdf/certificate.server.tsx";
import { renderInWorker } from "#app/pdf/pool.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { publicOrigin } from "#app/utils/public-url.server.ts";
import type { Certificate } from "./certificate.server.ts";
import { getContent, getCourse, lawsForRole, localizeCourse, roleLabel } from "#app/server/content.server.ts";
import { yieldToEventLoop } from "#app/utils/event-loop.server.ts";

export function certificatePdfData(cert: Certificate): CertificatePdfData {
  const origin = publicOrigin();
  const course = getCourse(cert.courseId);
  return {
    code: formatCertificateCode(cert.code),
    holderName: cert.holderName,
    employerName: cert.employerName,
    jobRoleLabel: roleLabel(cert.jobRole, cert.language),
    // In the language the course was taken in: the course's title in that translation.
    courseTitle: cert.language !== "en" && course ? localizeCourse(course, cert.language).title : cert.courseTitle,
    language: cert.language,
    courseVersion: cert.courseVersion,
    contentHash: cert.contentHash,
    score: cert.score,
    attestedAt: new Date(cert.attestedAt).toISOString(),
    // Clock times in the issuing employer's law's time zone (named on the certificate).
    timeZone: timeZoneOf(cert.ruleId ? getContent().policies.get(cert.ruleId)?.policy.jurisdiction : null),
    issuedOn: toIsoDate(cert.issuedAt),
    expiresOn: cert.expiresOn,
    verifyUrl: verifyUrl(origin, cert.code),
    verifyPageUrl: verifyUrl(origin),
    hotline: getContent().hotlines.find((h) => h.id === "us-nhth"),
    // Under the employer's law when issued: whether this course is, by itself, the training it requires.
    standing: (() => {
      const law = cert.ruleId ? lawsForRole(cert.jobRole).find((l) => l.rule === cert.ruleId) : undefined;
      return law ? { law: law.title, meets: law.meetsByItself, needs: law.needs } : null;
    })(),
  };
}

export function getStoredPdf(certificateId: string): Buffer | undefined {
  return getDb().select({ pdf: certificatePdfs.pdf }).from(certificatePdfs).where(eq(certificatePdfs.certificateId, certificateId)).get()?.pdf;
}

/** The certificate's PDF: stored bytes, or rendered now and stored. */
export async function certificatePdf(cert: Certificate): Promise<Buffer> {
  const stored = getStoredPdf(cert.id);
  if (stored) return stored;
  // In the issuing employer's turn (a certificate issued by no employer: in its holder's).
  const pdf = await renderInWorker({ kind: "certificate", data: certificatePdfData(cert) }, { tenant: cert.employerId ?? `user:${cert.userId}` });
  getDb()
    .insert(certificatePdfs)
    .values({ certificateId: cert.id, pdf, sha256: crypto.createHash("sha256").update(pdf).digest("hex"), renderedAt: Date.now() })
    .onConflictDoNothing()
    .run();
  return pdf;
}


/** Renders and stores the PDF after the current request has been answered. */
export function storeCertificatePdfSoon(cert: Certificate) {
  setImmediate(() => {
    certificatePdf(cert).catch((error: unknown) => console.error("[frontline] storing a certificate PDF failed", error));
  });
}

/** Stores the PDF of every certificate that has none, one at a time, yielding between. */
export async function backfillCertificatePdfs(): Promise<number> {
  let done = 0;
  for (;;) {
    const missing = getDb()
      .select({ certificate: certificates })
      .from(certificates)
      .leftJoin(certificatePdfs, eq(certificatePdfs.certificateId, certificates.id))
      .where(isNull(certificatePdfs.certificateId))
      .limit(50)
      .all();
    if (missing.length === 0) return done;
    for (const { certificate } of missing) {
      await certificatePdf(certificate);
      done++;
      await yieldToEventLoop();
    }
  }
}

/** PDFs for many certificates, in order, yielding to other requests between renders. */
export async function* certificatePdfsFor(certs: Certificate[]): AsyncGenerator<{ cert: Certificate; pdf: Buffer }> {
  for (const cert of certs) {
    const stored = getStoredPdf(cert.id);
    if (stored) {
      yield { cert, pdf: stored };
      continue;
    }
    yield { cert, pdf: await certificatePdf(cert) };
    await yieldToEventLoop();
  }
}
