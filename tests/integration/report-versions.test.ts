/**
 * The compliance report stored per version (ADR 037) and the streamed exports, on a real
 * database through the routes: a stored report is never served once what it shows has
 * changed; the report in a bundle is a fresh render of its version; streaming changes no byte
 * of roster.csv or of the bundle.
 */
import crypto from "node:crypto";
import { unzipSync, Zip, ZipDeflate, ZipPassThrough } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as rosterCsvRoute from "#app/routes/employer.roster[.csv].ts";
import * as report from "#app/routes/employer.report[.pdf].ts";
import * as bundle from "#app/routes/employer.audit-bundle[.zip].ts";
import { call, signInAs, startTestApp } from "#tests/support/harness.ts";
import { pdfText } from "#tests/support/pdf.ts";

const DAY = 86_400_000;
let cookie: string;

beforeAll(async () => {
  await startTestApp();
  cookie = await signInAs("demo-employer");
});
afterAll(async () => {
  const { stopPdfWorker } = await import("#app/pdf/pool.server.ts");
  await stopPdfWorker();
});

async function context() {
  const { getEmployerByJoinCode } = await import("#app/models/employer.server.ts");
  const { getDb } = await import("#app/utils/db.server.ts");
  const employer = getEmployerByJoinCode("LAKESIDE-INN")!;
  const admin = getDb().$client.prepare("SELECT id, kind, name, employer_id AS employerId FROM users WHERE username = 'demo-employer'").get() as {
    id: string;
    kind: "employer_admin";
    name: string;
    employerId: string;
  };
  return { employer, admin, db: getDb() };
}

/**
 * What a report drawn now would be: the current data's version must be stored, and the bytes a
 * fresh render of that data (with the stored version's generation time) draws.
 */
async function freshRender() {
  const { getEmployerRoster } = await import("#app/models/compliance.server.ts");
  const { reportData } = await import("#app/models/exports.server.ts");
  const { reportVersion } = await import("#app/models/report-pdf.server.ts");
  const { renderReportPdf } = await import("#app/pdf/report.server.ts");
  const { now } = await import("#app/utils/clock.server.ts");
  const { employer, admin, db } = await context();
  const t = now();
  const compliance = getEmployerRoster(employer, t);
  const data = reportData(employer, compliance, admin, t);
  const version = reportVersion(data, compliance.today);
  const stored = db.$client.prepare("SELECT generated_at AS generatedAt, pdf FROM report_pdfs WHERE employer_id = ? AND version = ?").get(employer.id, version) as
    | { generatedAt: number; pdf: Buffer }
    | undefined;
  expect(stored, "the current version of the report is stored").toBeDefined();
  const pdf = await renderReportPdf({ ...data, generatedAt: new Date(stored!.generatedAt).toISOString() });
  return { version, pdf: new Uint8Array(pdf), stored: new Uint8Array(stored!.pdf) };
}

async function getReport() {
  const res = await call(report.loader, "/employer/report.pdf", { cookie });
  expect(res.status).toBe(200);
  return res.data as Uint8Array;
}

const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));
const storedCount = async () => {
  const { employer, db } = await context();
  return (db.$client.prepare("SELECT count(*) AS n FROM report_pdfs WHERE employer_id = ?").get(employer.id) as { n: number }).n;
};

describe("the compliance report, stored per version", () => {
  it("is drawn once for an unchanged roster and served again, byte for byte a fresh render of its version", async () => {
    const first = await getReport();
    const second = await getReport();
    expect(same(first, second)).toBe(true);
    expect(await storedCount()).toBe(1);
    const fresh = await freshRender();
    expect(same(first, fresh.pdf)).toBe(true);
  }, 60_000);

  it("is never served stale: every change to what it shows is a new version, drawn again", async () => {
    const { addWorker, updateWorker, terminateWorker } = await import("#app/models/roster.server.ts");
    const { revokeCertificate } = await import("#app/models/certificate.server.ts");
    const { now, advanceClock } = await import("#app/utils/clock.server.ts");
    const { employer, admin, db } = await context();
    let before = await getReport();
    const changes: [string, () => void | Promise<void>, (text: string) => void][] = [
      [
        "a worker added",
        () => void addWorker({ admin, fields: { fullName: "Zofia Kowalczyk", employeeId: "LI-9001", jobRole: "housekeeping", hireDate: now().toISOString().slice(0, 10), email: null, phone: null, siteId: null, language: null } as never }, now()),
        (text) => expect(text).toContain("Zofia Kowalczyk"),
      ],
      [
        "a worker's name corrected",
        () => {
          const id = (db.$client.prepare("SELECT id FROM employments WHERE employee_id = 'LI-9001'").get() as { id: string }).id;
          updateWorker({ admin, employmentId: id, fields: { fullName: "Zofia Kowalczyk-Nowak" } as never }, now());
        },
        (text) => expect(text).toContain("Zofia Kowalczyk-Nowak"),
      ],
      [
        "a leave date recorded",
        () => {
          const id = (db.$client.prepare("SELECT id FROM employments WHERE employee_id = 'LI-9001'").get() as { id: string }).id;
          expect(terminateWorker({ admin, employmentId: id, terminationDate: now().toISOString().slice(0, 10) }, now())).toBe(true);
        },
        (text) => expect(text).toMatch(/Zofia Kowalczyk-Nowak/),
      ],
      [
        "a certificate revoked (a status changes)",
        () => {
          const cert = db.$client.prepare("SELECT id, code FROM certificates WHERE employer_id = ? AND revoked_at IS NULL LIMIT 1").get(employer.id) as { id: string; code: string };
          expect(revokeCertificate({ certificateId: cert.id, reason: "issued in error", actor: admin }, now()).ok).toBe(true);
        },
        () => undefined,
      ],
      [
        "a new day (statuses and dates are as of the day)",
        async () => {
          advanceClock(DAY);
          cookie = await signInAs("demo-employer"); // a day idle ends the session
        },
        (text) => expect(text).toContain(`generated ${now().toISOString().slice(0, 10)}`),
      ],
    ];
    const versions = new Set<string>([(await freshRender()).version]);
    for (const [what, change, shows] of changes) {
      await change();
      const after = await getReport();
      expect(same(after, before), `${what}: the stored report was served again`).toBe(false);
      const fresh = await freshRender();
      expect(same(after, fresh.pdf), `${what}: the served report is not a fresh render of the current roster`).toBe(true);
      expect(versions.has(fresh.version), `${what}: same version as before`).toBe(false);
      versions.add(fresh.version);
      shows((await pdfText(after)).text);
      before = after;
    }
  }, 120_000);

  it("keeps a bounded number of versions per employer", async () => {
    const { REPORTS_KEPT_PER_EMPLOYER } = await import("#app/models/report-pdf.server.ts");
    expect(await storedCount()).toBeLessThanOrEqual(REPORTS_KEPT_PER_EMPLOYER);
    expect(await storedCount()).toBeGreaterThan(0);
  });

  it("puts in the audit bundle the report of the roster's version: a fresh render of it, the one the report route serves", async () => {
    const res = await call(bundle.loader, "/employer/audit-bundle.zip", { cookie });
    expect(res.status).toBe(200);
    const files = unzipSync(res.data as Uint8Array);
    const fresh = await freshRender();
    expect(same(files["compliance-report.pdf"]!, fresh.pdf)).toBe(true);
    expect(same(files["compliance-report.pdf"]!, await getReport())).toBe(true);
  }, 60_000);
});

/** Reads a stream one chunk at a time, pausing between reads, as a slow client would. */
async function readSlowly(stream: ReadableStream<Uint8Array>) {
  const chunks: Uint8Array[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    await new Promise((r) => setTimeout(r, 1));
  }
  return { bytes: Buffer.concat(chunks), chunks: chunks.length };
}

describe("streamed exports change no byte", () => {
  it("roster.csv streamed is the text writeCsv writes in one piece", async () => {
    const { getEmployerRoster } = await import("#app/models/compliance.server.ts");
    const { rosterCsv, rosterCsvPieces } = await import("#app/models/exports.server.ts");
    const { now } = await import("#app/utils/clock.server.ts");
    const { employer } = await context();
    const res = (await rosterCsvRoute.loader({ request: new Request("http://localhost/employer/roster.csv", { headers: { Cookie: cookie } }), params: {}, context: {} } as never)) as Response;
    expect(res.status).toBe(200);
    const whole = rosterCsv(getEmployerRoster(employer, now()));
    // Byte for byte, byte-order mark included, read as a slow client reads.
    const { bytes } = await readSlowly(res.body!);
    expect(bytes.equals(Buffer.from(whole, "utf8"))).toBe(true);
    // Cut into pieces of every size: the same text.
    for (const size of [1, 2, 3, 7, 1000]) expect([...rosterCsvPieces(getEmployerRoster(employer, now()), size)].join(""), `pieces of ${size}`).toBe(whole);
  });

  it("writeCsvPieces joins to writeCsv's text for awkward cells (formulas, quotes, line breaks, numbers, empty)", async () => {
    const { writeCsv, writeCsvPieces } = await import("#app/domain/csv.ts");
    const header = ["a", "b", "c"];
    const cells = ["=SUM(A1)", '"quoted"', "two\nlines", "Núñez, José", "", "@x", "'=y", "-3", " +1"];
    const rows = Array.from({ length: 23 }, (_, i) => [cells[i % cells.length]!, i % 4 === 0 ? -i : cells[(i * 5) % cells.length]!, i % 3 === 0 ? null : `r${i}`]);
    for (const size of [1, 4, 10, 100]) expect([...writeCsvPieces(header, rows, size)].join("")).toBe(writeCsv(header, rows));
    expect([...writeCsvPieces(header, [], 5)].join("")).toBe(writeCsv(header, []));
  });

  it("the bundle streamed is the ZIP built in one go from the same files, however fast it is read", async () => {
    const { auditBundle } = await import("#app/models/exports.server.ts");
    const { now } = await import("#app/utils/clock.server.ts");
    const { employer, admin } = await context();
    const t = now();
    const fast = Buffer.from(await new Response((await auditBundle({ employer, admin }, t)).stream).arrayBuffer());
    const slow = await readSlowly((await auditBundle({ employer, admin }, t)).stream);
    expect(slow.chunks).toBeGreaterThan(2);
    expect(slow.bytes.equals(fast)).toBe(true);
    // The reference: every file pushed whole into one ZIP at once (the bundle as it was built before streaming).
    const files = unzipSync(new Uint8Array(fast));
    const names = Object.keys(files);
    expect(names[0]).toBe("roster.csv");
    expect(names.at(-1)).toBe("SHA256SUMS");
    expect(names.filter((n) => n.startsWith("certificates/")).length).toBeGreaterThan(0);
    const out: Uint8Array[] = [];
    const zip = new Zip((err, chunk) => {
      if (err) throw err;
      out.push(chunk);
    });
    for (const name of names) {
      const entry = name.endsWith(".pdf") ? new ZipPassThrough(name) : new ZipDeflate(name, { level: 6 });
      entry.mtime = t;
      zip.add(entry);
      entry.push(files[name]!, true);
    }
    zip.end();
    expect(Buffer.concat(out).equals(fast)).toBe(true);
    // And the manifest covers every other file.
    const sums = Buffer.from(files["SHA256SUMS"]!).toString("utf8").trim().split("\n");
    expect(sums).toHaveLength(names.length - 1);
    for (const line of sums) {
      const [hash, name] = line.split("  ") as [string, string];
      expect(crypto.createHash("sha256").update(files[name]!).digest("hex")).toBe(hash);
    }
  }, 60_000);
});
