/**
 * What an employer hands an inspector: the roster CSV (current and former staff), the
 * compliance report PDF, every certificate PDF, and the audit bundle holding them all with
 * a SHA-256 manifest (Texas 1 TAC 54.101 asks for records within 72 hours). Every export
 * is audited.
 */
import crypto from "node:crypto";
import { inArray } from "drizzle-orm";
import { Zip, ZipDeflate, ZipPassThrough } from "fflate";
import { certificates } from "#db/schema.ts";
import { formatCertificateCode } from "#app/domain/certificate-code.ts";
import type { ComplianceStatus } from "#app/domain/compliance.ts";
import { writeCsv } from "#app/domain/csv.ts";
import { toIsoDate } from "#app/domain/dates.ts";
import { ruleTerms } from "#app/domain/policy-schema.ts";
import { EXPORT_COLUMNS, type RosterCsvColumn } from "#app/domain/roster-row.ts";
import { tFor } from "#app/i18n/messages.server.ts";
import { renderInWorker } from "#app/pdf/pool.server.ts";
import type { ReportData } from "#app/pdf/report.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { audit } from "./audit.server.ts";
import { certificatePdfsFor } from "./certificate-pdf.server.ts";
import type { Certificate } from "./certificate.server.ts";
import { getEmployerRoster, summarize, type EmployerCompliance, type RosterEntry } from "./compliance.server.ts";
import { getRole } from "#app/server/content.server.ts";
import { externalCompletionsForBundle } from "./external-completions.server.ts";
import type { Employer } from "./employer.server.ts";
import type { User } from "./user.server.ts";

type Admin = Pick<User, "id" | "kind" | "name">;

function statusDate(s: ComplianceStatus): string {
  switch (s.kind) {
    case "due":
      return s.dueDate ?? "";
    case "overdue":
      return s.dueDate;
    case "expired":
      return s.expiredOn;
    case "compliant":
    case "expiring":
      return s.validUntil ?? "";
    case "not-covered":
      return "";
  }
}

/** The completion behind a status, if any. */
function proof(entry: RosterEntry) {
  const s = entry.status;
  if (s.kind !== "compliant" && s.kind !== "expiring" && s.kind !== "expired") return undefined;
  const c = entry.completions.find((x) => x.certificateId === s.certificateId);
  return c ? { code: c.code, completedOn: s.completedOn, validUntil: s.kind === "expired" ? "" : (s.validUntil ?? "") } : undefined;
}

/** The order localeCompare gives, from one collator: ~10× faster over an 18,000-row roster, which the report sorts on the main thread. */
const byName = new Intl.Collator();

/** The roster CSV's rows (its columns are the roster row's, app/domain/roster-row.ts), former staff last. */
export function rosterRows(compliance: EmployerCompliance): Record<RosterCsvColumn, string>[] {
  return [...compliance.entries]
    .sort((a, b) => Number(a.former) - Number(b.former) || byName.compare(a.employment.fullName, b.employment.fullName))
    .map((e) => {
      const p = proof(e);
      return {
        name: e.employment.fullName,
        employee_id: e.employment.employeeId ?? "",
        role: getRole(e.employment.jobRole)?.label ?? e.employment.jobRole,
        site: e.siteName ?? "",
        hire_date: e.employment.hireDate,
        termination_date: e.terminationDate ?? "",
        // The exports are in English (what an inspector reads), in the interface's English words.
        status: tFor("en")(`status.${e.status.kind}`),
        status_date: statusDate(e.status),
        certificate_code: p?.code ?? "",
        completed_on: p?.completedOn ?? "",
        valid_until: p?.validUntil ?? "",
        email: e.employment.email ?? "",
        phone: e.employment.phone ?? "",
        // As the import reads it back: the language the employer recorded for reminders.
        language: e.employment.language ?? "",
        joined_as: e.username ?? "",
      };
    });
}

/** roster.csv: formula-like cells escaped (writeCsv), so that the import reads the file back as it was. */
export function rosterCsv(compliance: EmployerCompliance): string {
  return writeCsv(EXPORT_COLUMNS, rosterRows(compliance).map((r) => EXPORT_COLUMNS.map((c) => r[c])));
}

export function reportData(employer: Employer, compliance: EmployerCompliance, admin: Admin, now: Date): ReportData {
  const s = summarize(compliance.entries);
  return {
    employerName: employer.name,
    jurisdiction: employer.jurisdiction,
    rule: compliance.rule ? { title: compliance.rule.policy.title, citation: compliance.rule.policy.citation, verified: compliance.rule.policy.verified } : null,
    generatedAt: now.toISOString(),
    generatedBy: admin.name,
    summary: { covered: s.covered, compliant: s.compliant, rate: s.rate },
    rows: rosterRows(compliance).map((r) => ({
      name: r.name,
      employeeId: r.employee_id,
      role: r.role,
      site: r.site,
      hireDate: r.hire_date,
      terminationDate: r.termination_date,
      status: r.status,
      detail: r.status_date,
      certificate: r.certificate_code,
      completedOn: r.completed_on,
    })),
  };
}

export function auditExport(input: { admin: Admin; employer: Employer; what: string; clientAddress?: string; detail?: Record<string, string | number> }, now: Date) {
  audit(
    {
      action: "export",
      actor: input.admin,
      clientAddress: input.clientAddress,
      target: { type: "export", id: input.what },
      employerId: input.employer.id,
      detail: { what: input.what, ...input.detail },
    },
    now,
  );
}

/** The certificates a bundle holds: those of roster workers that the compliance records cite or that this employer issued. */
function bundleCertificates(employer: Employer, compliance: EmployerCompliance): Certificate[] {
  const ids = new Set<string>();
  const prior = compliance.rule ? ruleTerms(compliance.rule.policy).priorTrainingAccepted : false;
  for (const e of compliance.entries) for (const c of e.completions) if (c.source === "platform" && (c.employerId === employer.id || prior)) ids.add(c.certificateId);
  const list = [...ids];
  const out: Certificate[] = [];
  for (let i = 0; i < list.length; i += 500) out.push(...getDb().select().from(certificates).where(inArray(certificates.id, list.slice(i, i + 500))).all());
  return out.sort((a, b) => a.issuedAt - b.issuedAt || a.code.localeCompare(b.code));
}

/**
 * The audit bundle as a stream of ZIP bytes: roster.csv, compliance-report.pdf,
 * certificates/<code>.pdf and SHA256SUMS (sha256sum format) covering every other file. Rejects
 * with the PDF pool's PdfBusyError or PdfJobError when the report cannot be rendered.
 */
export async function auditBundle(
  input: { employer: Employer; admin: Admin; clientAddress?: string },
  now: Date,
): Promise<{ stream: ReadableStream<Uint8Array>; fileName: string }> {
  const { employer, admin } = input;
  const compliance = getEmployerRoster(employer, now);
  // Rendered before the stream starts, in the employer's turn: the pool's refusal or failure
  // reaches the caller as an error, not as a ZIP cut short.
  const report = await renderInWorker({ kind: "report", data: reportData(employer, compliance, admin, now) }, { tenant: employer.id });
  const manifest: string[] = [];
  let zip: Zip;
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      zip = new Zip((err, chunk, final) => {
        if (err) return controller.error(err);
        controller.enqueue(chunk);
        if (final) controller.close();
      });
      const add = (name: string, bytes: Uint8Array, compress: boolean) => {
        manifest.push(`${crypto.createHash("sha256").update(bytes).digest("hex")}  ${name}`);
        const entry = compress ? new ZipDeflate(name, { level: 6 }) : new ZipPassThrough(name);
        entry.mtime = now;
        zip.add(entry);
        entry.push(bytes, true);
      };
      try {
        add("roster.csv", Buffer.from(rosterCsv(compliance), "utf8"), true);
        add("compliance-report.pdf", report, false);
        const certs = bundleCertificates(employer, compliance);
        for await (const { cert, pdf } of certificatePdfsFor(certs)) add(`certificates/${formatCertificateCode(cert.code)}.pdf`, pdf, false);
        // Completions of outside courses the employer recorded, with the proof kept for each.
        const outside = externalCompletionsForBundle(employer.id);
        const ext = (type: string) => (type === "application/pdf" ? "pdf" : type === "image/png" ? "png" : "jpg");
        for (const x of outside) add(`outside-training/${x.completedOn}-${x.id}.${ext(x.proofType)}`, x.proof, x.proofType !== "application/pdf");
        if (outside.length > 0) {
          const rows = outside.map((x) => ({
            file: `outside-training/${x.completedOn}-${x.id}.${ext(x.proofType)}`,
            employee: compliance.entries.find((e) => e.employment.id === x.employmentId)?.employment.fullName ?? x.employmentId,
            provider: x.provider,
            course: x.courseTitle,
            completed_on: x.completedOn,
            approval_reference: x.approvalReference ?? "",
            rule: `${x.ruleId}@${x.ruleVersion}`,
            proof_name: x.proofName,
            proof_sha256: x.proofSha256,
            recorded_at: new Date(x.recordedAt).toISOString(),
            voided: x.voidedAt === null ? "" : `${new Date(x.voidedAt).toISOString()} ${x.voidedReason ?? ""}`,
          }));
          const columns = Object.keys(rows[0]!) as (keyof (typeof rows)[number])[];
          add("outside-training.csv", Buffer.from(writeCsv(columns, rows.map((r) => columns.map((c) => r[c]))), "utf8"), true);
        }
        const readme = [
          `Training records of ${employer.name} (${employer.jurisdiction}), produced by Frontline Ready on ${now.toISOString()} for ${admin.name}.`,
          "roster.csv: current staff and former staff within the retention period, with hire date, status and certificate.",
          // Said as it is: the report is generated, not signed (it carries no signature block or attestation).
          `compliance-report.pdf: the same records as a printable report, generated by Frontline Ready for ${admin.name}; it is not signed.`,
          "certificates/: one PDF per certificate; each can be checked at the address printed on it.",
          ...(outside.length > 0 ? ["outside-training.csv and outside-training/: training from outside courses the employer recorded, with the proof it kept (voided records are listed, marked)."] : []),
          "SHA256SUMS: the SHA-256 of every other file (check with: sha256sum -c SHA256SUMS).",
          "",
        ].join("\r\n");
        add("README.txt", Buffer.from(readme, "utf8"), true);
        const sums = new ZipDeflate("SHA256SUMS", { level: 6 });
        sums.mtime = now;
        zip.add(sums);
        sums.push(Buffer.from(manifest.join("\n") + "\n", "utf8"), true);
        zip.end();
        auditExport({ admin, employer, what: "audit-bundle", clientAddress: input.clientAddress, detail: { files: manifest.length, certificates: certs.length } }, now);
      } catch (error) {
        controller.error(error);
      }
    },
  });
  return { stream, fileName: `audit-bundle-${employer.joinCode.toLowerCase()}-${toIsoDate(now)}.zip` };
}
