/**
 * `npm run bench:report [-- --sizes 1000,2000,4000,18000]`: the compliance report PDF at
 * growing sizes, rendered in this process (time, CPU time and ms per row: a flat ms/row
 * column is linear time), then the largest once more through the PDF pool, the way the route
 * renders it, while a certificate is asked for from another employer: the certificate must
 * not wait for the report (separate lanes, ADR 011). This is a shared 2-core machine: the
 * load average is printed with the figures, and CPU time is the steadier measure.
 */
import os from "node:os";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { renderReportPdf } from "#app/pdf/report.server.ts";
import { PdfPool } from "#app/pdf/pool.server.ts";
import { sampleCertificate } from "#tests/support/certificate-sample.ts";
import { sampleReport } from "#tests/support/report-sample.ts";
import { ms, saveResults, table } from "./results.ts";

const at = process.argv.indexOf("--sizes");
const sizes = at > 0 ? process.argv[at + 1]!.split(",").map(Number) : [1000, 2000, 4000, 18000];
const GOAL_ROWS = 18_000;
const GOAL_MS = 30_000;

const pages = (pdf: Buffer) => (pdf.toString("latin1").match(/\/Type \/Page\b/g) ?? []).length;

// Warm-up: fonts read, pdfkit and fontkit compiled.
await renderReportPdf(sampleReport(1000));

const rows: { n: number; ms: number; cpuMs: number; msPerRow: number; cpuMsPerRow: number; pages: number; bytes: number; heapMb: number }[] = [];
for (const n of sizes) {
  const data = sampleReport(n);
  const cpu0 = process.cpuUsage();
  const t = performance.now();
  const pdf = await renderReportPdf(data);
  const elapsed = performance.now() - t;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  rows.push({ n, ms: elapsed, cpuMs, msPerRow: elapsed / n, cpuMsPerRow: cpuMs / n, pages: pages(pdf), bytes: pdf.length, heapMb: process.memoryUsage().heapUsed / 1e6 });
}

console.log(`\nCompliance report PDF, rendered in-process (${process.version}, ${os.cpus().length} cores, load average ${os.loadavg()[0]!.toFixed(1)})`);
table([
  ["rows", "time", "ms/row", "CPU", "CPU ms/row", "pages", "size"],
  ...rows.map((r) => [r.n.toLocaleString("en"), ms(r.ms), r.msPerRow.toFixed(3), ms(r.cpuMs), r.cpuMsPerRow.toFixed(3), r.pages, `${(r.bytes / 1e6).toFixed(2)} MB`]),
]);
const first = rows[0]!;
const last = rows[rows.length - 1]!;
console.log(`ms/row at ${last.n.toLocaleString("en")} rows ÷ ms/row at ${first.n.toLocaleString("en")}: ${(last.msPerRow / first.msPerRow).toFixed(2)}× (CPU ${(last.cpuMsPerRow / first.cpuMsPerRow).toFixed(2)}×; 1× is linear, ${(last.n / first.n).toFixed(0)}× would be quadratic).`);

// The route's path: the report lane's worker thread, while another employer's certificate is asked for.
const pool = new PdfPool();
const big = Math.max(...sizes, GOAL_ROWS);
const bigData = sampleReport(big);
await pool.render({ kind: "certificate", data: sampleCertificate }, { tenant: "warm-up" }); // start the document lane
const loop = monitorEventLoopDelay({ resolution: 5 });
loop.enable();
const t0 = performance.now();
let reportMs = 0;
let certificateMs = 0;
const report = pool.render({ kind: "report", data: bigData }, { tenant: "big-employer" }).then((pdf) => {
  reportMs = performance.now() - t0;
  return pdf;
});
const certificate = pool.render({ kind: "certificate", data: sampleCertificate }, { tenant: "small-employer" }).then(() => {
  certificateMs = performance.now() - t0;
});
await Promise.all([report, certificate]);
loop.disable();
await pool.stop();

console.log(`\nThrough the PDF pool (worker threads, as GET /employer/report.pdf renders it)`);
table([
  ["what", "time", "main thread's longest event-loop pause"],
  [`report, ${big.toLocaleString("en")} rows (report lane)`, ms(reportMs), ms(loop.max / 1e6)],
  ["another employer's certificate, asked for at the same moment (document lane)", ms(certificateMs), ""],
]);
const goal = rows.find((r) => r.n === GOAL_ROWS)?.ms ?? reportMs;
console.log(`Goal: ${GOAL_ROWS.toLocaleString("en")} rows in under ${GOAL_MS / 1000} s: ${goal < GOAL_MS ? "met" : "NOT met"} (${(goal / 1000).toFixed(1)} s in-process, ${(reportMs / 1000).toFixed(1)} s through the pool).`);
console.log(`The certificate finished ${certificateMs < reportMs ? "before" : "AFTER"} the report (${(certificateMs / 1000).toFixed(2)} s vs ${(reportMs / 1000).toFixed(2)} s).`);

saveResults("reportPdf", {
  loadAverage: os.loadavg()[0],
  sizes: rows,
  pool: { rows: big, reportMs, certificateMs, mainLoopMaxMs: loop.max / 1e6 },
});
process.exit(0);
