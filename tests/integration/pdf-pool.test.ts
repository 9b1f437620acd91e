/**
 * The PDF pool (ADR 011): a job over its time or memory limit is stopped and its worker
 * replaced; a big report does not hold up another employer's certificate; tenants are served
 * in turn; too many reports from one employer are refused (429 with Retry-After), and a
 * stopped job answers 503 with a message and writes nothing. No assertion here is about how
 * long anything takes: only what finishes, in which order, and with which error.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as report from "#app/routes/employer.report[.pdf].ts";
import { DEFAULT_POOL_OPTIONS, PdfBusyError, PdfJobError, PdfPool, type PdfPoolOptions } from "#app/pdf/pool.server.ts";
import { sampleCertificate } from "#tests/support/certificate-sample.ts";
import { pdfText } from "#tests/support/pdf.ts";
import { sampleReport } from "#tests/support/report-sample.ts";
import { call, countRows, signInAs, startTestApp } from "#tests/support/harness.ts";

const isPdf = (b: Buffer) => b.subarray(0, 5).toString("latin1") === "%PDF-";

function options(report: Partial<PdfPoolOptions["lanes"]["report"]> = {}): PdfPoolOptions {
  return { ...DEFAULT_POOL_OPTIONS, lanes: { ...DEFAULT_POOL_OPTIONS.lanes, report: { ...DEFAULT_POOL_OPTIONS.lanes.report, ...report } } };
}

describe("the PDF pool", () => {
  const pools: PdfPool[] = [];
  const pool = (o = options()) => {
    const p = new PdfPool(o);
    pools.push(p);
    return p;
  };
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.stop()));
  });

  it("stops a job over its time limit, replaces the worker, and later jobs still succeed", async () => {
    const p = pool();
    // 18,000 rows cannot render in 50 ms (it takes seconds): the job is stopped.
    const stopped = p.render({ kind: "report", data: sampleReport(18_000) }, { tenant: "big", timeLimitMs: 50 });
    const after = p.render({ kind: "report", data: sampleReport(30) }, { tenant: "big" });
    await expect(stopped).rejects.toSatisfy((e: unknown) => e instanceof PdfJobError && e.reason === "timeout" && /longer than its limit/.test(e.message));
    const pdf = await after;
    expect(isPdf(pdf)).toBe(true);
    expect((await pdfText(pdf)).text).toContain("Big Hotel Group");
    expect(isPdf(await p.render({ kind: "certificate", data: sampleCertificate }, { tenant: "small" }))).toBe(true);
    expect(p.size("report")).toBe(0);
  }, 120_000);

  it("stops a job over its memory limit with a clear error, and the next job gets a new worker", async () => {
    const p = pool(options({ memoryMb: 48 }));
    await expect(p.render({ kind: "report", data: sampleReport(18_000) }, { tenant: "big" })).rejects.toSatisfy(
      (e: unknown) => e instanceof PdfJobError && e.reason === "memory" && /memory limit of 48 MB/.test(e.message),
    );
    expect(isPdf(await p.render({ kind: "report", data: sampleReport(30) }, { tenant: "big" }))).toBe(true);
  }, 120_000);

  it("does not queue another employer's certificate behind a big report", async () => {
    const p = pool();
    const done: string[] = [];
    const big = p.render({ kind: "report", data: sampleReport(18_000) }, { tenant: "big" }).then(() => done.push("report"));
    const cert = p.render({ kind: "certificate", data: sampleCertificate }, { tenant: "small" }).then(() => done.push("certificate"));
    await Promise.all([big, cert]);
    expect(done).toEqual(["certificate", "report"]);
  }, 180_000);

  it("serves employers in turn, and refuses a third waiting report from one employer at once", async () => {
    const p = pool();
    const done: string[] = [];
    const job = (tenant: string, tag: string) => p.render({ kind: "report", data: sampleReport(300) }, { tenant }).then(() => done.push(tag));
    const a1 = job("a", "a1");
    const a2 = job("a", "a2");
    await expect(p.render({ kind: "report", data: sampleReport(10) }, { tenant: "a" })).rejects.toSatisfy(
      (e: unknown) => e instanceof PdfBusyError && e.retryAfterSeconds === DEFAULT_POOL_OPTIONS.lanes.report.retryAfterSeconds,
    );
    const b1 = job("b", "b1");
    await Promise.all([a1, a2, b1]);
    // b1 came after a2 but is served before it: a's second job waits behind b's first.
    expect(done).toEqual(["a1", "b1", "a2"]);
  }, 120_000);

  /** Resolves when `w` has exited; rejects if it is still alive after `ms`. */
  const exited = (w: import("node:worker_threads").Worker, ms: number) =>
    new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`the PDF thread was still alive after ${ms} ms`)), ms);
      w.once("exit", () => {
        clearTimeout(t);
        resolve();
      });
    });

  it("stops an idle thread after idleMs, and starts a new one for the next job", async () => {
    const p = pool({ ...options(), idleMs: 300 });
    expect(isPdf(await p.render({ kind: "certificate", data: sampleCertificate }, { tenant: "a" }))).toBe(true);
    const w = p.thread("document")!;
    expect(w).toBeDefined();
    await exited(w, 15_000);
    expect(p.thread("document")).toBeUndefined();
    expect(isPdf(await p.render({ kind: "certificate", data: sampleCertificate }, { tenant: "a" }))).toBe(true);
    expect(p.thread("document")).not.toBe(w);
  }, 120_000);

  it("stops a thread whose only job went away while it started", async () => {
    const p = pool({ ...options(), idleMs: 300 });
    const abort = new AbortController();
    const job = p.render({ kind: "certificate", data: sampleCertificate }, { tenant: "a", signal: abort.signal });
    const w = p.thread("document")!;
    expect(w).toBeDefined();
    abort.abort();
    await expect(job).rejects.toBeInstanceOf(PdfJobError);
    // It becomes ready with nothing to do, and must still stop when idle.
    await exited(w, 30_000);
    expect(p.thread("document")).toBeUndefined();
  }, 120_000);

  it("drops a waiting job whose request went away", async () => {
    const p = pool();
    const first = p.render({ kind: "report", data: sampleReport(300) }, { tenant: "a" });
    const abort = new AbortController();
    const second = p.render({ kind: "report", data: sampleReport(300) }, { tenant: "a", signal: abort.signal });
    abort.abort();
    await expect(second).rejects.toBeInstanceOf(PdfJobError);
    expect(isPdf(await first)).toBe(true);
    expect(p.size("report")).toBe(0);
  }, 120_000);
});

describe("GET /employer/report.pdf under the pool's limits", () => {
  let admin: string;
  let employerId: string;
  beforeAll(async () => {
    await startTestApp();
    admin = await signInAs("demo-employer");
    const { getEmployerByJoinCode } = await import("#app/models/employer.server.ts");
    employerId = getEmployerByJoinCode("LAKESIDE-INN")!.id;
  });
  afterAll(async () => {
    delete process.env.PDF_REPORT_TIME_LIMIT_MS;
    const { stopPdfWorker } = await import("#app/pdf/pool.server.ts");
    await stopPdfWorker();
  });

  it("answers 429 with Retry-After and a message when the employer already has reports waiting", async () => {
    const { renderInWorker } = await import("#app/pdf/pool.server.ts");
    const waiting = [0, 1].map(() => renderInWorker({ kind: "report", data: sampleReport(2_000) }, { tenant: employerId }));
    const audits = await countRows("audit_log");
    const res = await call(report.loader, "/employer/report.pdf", { cookie: admin });
    expect(res.status).toBe(429);
    expect(res.headers.get("Retry-After")).toBe(String(DEFAULT_POOL_OPTIONS.lanes.report.retryAfterSeconds));
    expect(res.data).toMatch(/still being made\. Try again in \d+ seconds/);
    const es = await call(report.loader, "/employer/report.pdf", { cookie: admin, headers: { "Accept-Language": "es" } });
    expect(es.status).toBe(429);
    expect(es.data).toMatch(/todavía se están generando/);
    expect(await countRows("audit_log")).toBe(audits);
    await Promise.all(waiting);
    // Once they are done, the report renders.
    const ok = await call(report.loader, "/employer/report.pdf", { cookie: admin });
    expect(ok.status).toBe(200);
  }, 120_000);

  it("answers 503 with a message, not a hung request, when the report is stopped at its limit; nothing is audited", async () => {
    const { stopPdfWorker } = await import("#app/pdf/pool.server.ts");
    process.env.PDF_REPORT_TIME_LIMIT_MS = "1"; // no report renders in 1 ms
    await stopPdfWorker(); // the next render starts a pool with this limit
    // The report of this roster was stored by the test before (ADR 037): without it, it must be drawn.
    const { getDb } = await import("#app/utils/db.server.ts");
    getDb().$client.prepare("DELETE FROM report_pdfs").run();
    const audits = await countRows("audit_log");
    const res = await call(report.loader, "/employer/report.pdf", { cookie: admin });
    expect(res.status).toBe(503);
    expect(res.headers.get("Retry-After")).toMatch(/^\d+$/);
    expect(res.data).toMatch(/took longer or needed more memory than a PDF may/);
    expect(await countRows("audit_log")).toBe(audits);
    delete process.env.PDF_REPORT_TIME_LIMIT_MS;
    await stopPdfWorker();
    expect((await call(report.loader, "/employer/report.pdf", { cookie: admin })).status).toBe(200);
  }, 120_000);
});
