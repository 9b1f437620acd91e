/**
 * The compliance report PDF, stored per report version (ADR 037) instead of drawn again for
 * every download and audit bundle.
 *
 * A report's version is the SHA-256 of everything it shows except the moment it was drawn:
 * the report data as the export builds it (employer, rule, summary, every row with its status
 * and dates as of today, the admin it is generated for), the day the statuses were computed on,
 * and the layout version. It is computed from the same data a fresh render would draw, on every
 * request, so no write path has to remember to bump a counter: a changed roster row, status,
 * certificate, leave date, rule, employer name or admin name, or a new day, is a new version.
 * Only the "Generated …" time differs from a fresh render: it is the time this version was first
 * drawn (the same day; the content is what a render now would show).
 *
 * Stored in the database (table report_pdfs): writes are transactional with the rest, every
 * server process on the machine shares them, and db:backup carries them. At most
 * REPORTS_KEPT_PER_EMPLOYER versions per employer are kept (least recently used pruned).
 */
import crypto from "node:crypto";
import { and, desc, eq, notInArray } from "drizzle-orm";
import { reportPdfs } from "#db/schema.ts";
import { REPORT_LAYOUT_VERSION } from "#app/pdf/layout-facts.ts";
import type { ReportData } from "#app/pdf/report.server.ts";
import { renderInWorker } from "#app/pdf/pool.server.ts";
import { getDb, writeTransaction } from "#app/utils/db.server.ts";
import { yieldToEventLoop } from "#app/utils/event-loop.server.ts";

/** Versions kept per employer: today's for a couple of admins, and the one before a change. */
export const REPORTS_KEPT_PER_EMPLOYER = 3;

/** The version of what a report shows: all of its data but the generation time, its day and layout. */
export function reportVersion(data: ReportData, day: string): string {
  const { generatedAt: _drawnAt, ...shown } = data;
  return crypto.createHash("sha256").update(JSON.stringify([REPORT_LAYOUT_VERSION, day, shown])).digest("hex");
}

/** Rows hashed between two yields to the event loop by reportVersionPaced. */
const ROWS_PER_HASH_PIECE = 500;

/**
 * reportVersion's hash, fed in pieces of rows with a yield to the event loop between them, so a
 * 5,000-row report does not hold the loop while it is hashed (ADR 037). The text hashed is
 * exactly reportVersion's JSON (rows is the data's last key), so the version is the same.
 */
export async function reportVersionPaced(data: ReportData, day: string): Promise<string> {
  const { generatedAt: _drawnAt, rows, ...rest } = data;
  const head = JSON.stringify({ ...rest, rows: [] });
  if (Object.keys(data).at(-1) !== "rows" || !head.endsWith(',"rows":[]}')) return reportVersion(data, day);
  const hash = crypto.createHash("sha256");
  hash.update(`[${JSON.stringify(REPORT_LAYOUT_VERSION)},${JSON.stringify(day)},${head.slice(0, -2)}`);
  for (let i = 0; i < rows.length; i += ROWS_PER_HASH_PIECE) {
    if (i > 0) {
      await yieldToEventLoop();
      hash.update(",");
    }
    hash.update(rows.slice(i, i + ROWS_PER_HASH_PIECE).map((r) => JSON.stringify(r)).join(","));
  }
  return hash.update("]}]").digest("hex");
}

export interface StoredReport {
  pdf: Buffer;
  version: string;
  /** When this version was drawn (what the report prints as "Generated"). */
  generatedAt: Date;
  rows: number;
  /** Whether it was read from storage rather than drawn for this request. */
  stored: boolean;
}

function readStored(employerId: string, version: string) {
  return getDb()
    .select()
    .from(reportPdfs)
    .where(and(eq(reportPdfs.employerId, employerId), eq(reportPdfs.version, version)))
    .get();
}

/** Drawings in progress in this process, so that two requests for one version draw it once. */
const drawing = new Map<string, Promise<StoredReport>>();

/**
 * The employer's compliance report for `data` (reportData in exports.server.ts, built as of
 * `now`; `day` the day its statuses were computed on): the stored PDF of its version, or drawn
 * now in the PDF pool (in the employer's turn: the pool's PdfBusyError / PdfJobError reach the
 * caller) and stored.
 */
export async function complianceReport(
  employer: { id: string },
  data: ReportData,
  day: string,
  now: Date,
  options: { signal?: AbortSignal } = {},
): Promise<StoredReport> {
  const version = await reportVersionPaced(data, day);
  const hit = readStored(employer.id, version);
  if (hit) {
    getDb()
      .update(reportPdfs)
      .set({ usedAt: now.getTime() })
      .where(and(eq(reportPdfs.employerId, employer.id), eq(reportPdfs.version, version)))
      .run();
    return { pdf: hit.pdf, version, generatedAt: new Date(hit.generatedAt), rows: hit.rows, stored: true };
  }
  const key = `${employer.id}:${version}`;
  const pending = drawing.get(key);
  if (pending) return { ...(await pending), stored: false };
  const job = (async (): Promise<StoredReport> => {
    const pdf = await renderInWorker({ kind: "report", data }, { tenant: employer.id, signal: options.signal });
    storeReport(employer.id, version, now, data.rows.length, pdf);
    return { pdf, version, generatedAt: now, rows: data.rows.length, stored: false };
  })();
  drawing.set(key, job);
  try {
    return await job;
  } finally {
    drawing.delete(key);
  }
}

function storeReport(employerId: string, version: string, generatedAt: Date, rows: number, pdf: Buffer) {
  writeTransaction((tx) => {
    tx.insert(reportPdfs)
      .values({ employerId, version, generatedAt: generatedAt.getTime(), rows, pdf, sha256: crypto.createHash("sha256").update(pdf).digest("hex"), usedAt: generatedAt.getTime() })
      .onConflictDoNothing()
      .run();
    const keep = tx
      .select({ version: reportPdfs.version })
      .from(reportPdfs)
      .where(eq(reportPdfs.employerId, employerId))
      .orderBy(desc(reportPdfs.usedAt), desc(reportPdfs.generatedAt))
      .limit(REPORTS_KEPT_PER_EMPLOYER)
      .all()
      .map((r) => r.version);
    tx.delete(reportPdfs)
      .where(and(eq(reportPdfs.employerId, employerId), notInArray(reportPdfs.version, keep)))
      .run();
  });
}

/** How many report versions are stored for the employer (tests and benches). */
export function storedReportCount(employerId: string): number {
  return getDb().select({ version: reportPdfs.version }).from(reportPdfs).where(eq(reportPdfs.employerId, employerId)).all().length;
}
