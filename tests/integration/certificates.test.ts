import { beforeAll, describe, expect, it } from "vitest";
import * as quiz from "#app/routes/learn.$courseId.quiz.tsx";
import * as certPage from "#app/routes/certificates.$code.tsx";
import * as certPdf from "#app/routes/certificates.$code[.pdf].ts";
import * as verify from "#app/routes/verify.$code.tsx";
import * as verifyIndex from "#app/routes/verify._index.tsx";
import * as api from "#app/routes/api.certificates.$code.ts";
import * as healthz from "#app/routes/healthz.ts";
import { getCourse } from "#app/server/content.server.ts";
import { advanceClock } from "#app/utils/clock.server.ts";
import { call, completeAllModules, joinAsWorker, post, signInAs, startTestApp } from "#tests/support/harness.ts";
import { pdfText } from "#tests/support/pdf.ts";

const COURSE = "recognize-and-respond";
/** Without PUBLIC_URL (development, tests) the site's address is the server's own, never the request's. */
const ORIGIN = `http://localhost:${process.env.PORT ?? 3000}`;
/** The quiz is submitted, and the PDF fetched, with a Host header someone forged. */
const FORGED = "http://evil.example";
let code = "";
let holder = "";

beforeAll(async () => {
  await startTestApp();
  holder = await joinAsWorker({ username: "cert-holder", role: "housekeeping", name: "Łukasz Ștefănescu" });
  await completeAllModules(holder);
  const q = (await call(quiz.loader, `/learn/${COURSE}/quiz`, { cookie: holder, params: { courseId: COURSE } })).data as {
    quiz: { attemptId: string; questions: { id: string }[] };
  };
  const byId = new Map(getCourse(COURSE)!.questions.map((x) => [x.id, x]));
  const form: Record<string, string[] | string> = { attest: "on", attempt: q.quiz.attemptId };
  for (const item of q.quiz.questions) form[`q.${item.id}`] = byId.get(item.id)!.choices.filter((c) => c.correct).map((c) => c.id);
  const res = await post(quiz.action, `${FORGED}/learn/${COURSE}/quiz`, { cookie: holder, params: { courseId: COURSE }, form });
  code = res.location!.split("/").at(-1)!;
});

describe("certificate", () => {
  it("records holder, employer, role, course version and hash, score, attestation and a one-year expiry", async () => {
    const page = await call(certPage.loader, `/certificates/${code}`, { cookie: holder, params: { code } });
    expect(page.status).toBe(200);
    const c = page.data as Record<string, unknown>;
    const course = getCourse(COURSE)!;
    expect(c).toMatchObject({
      code,
      status: "valid",
      holderName: "Łukasz Ștefănescu",
      employerName: "Lakeside Inn",
      courseTitle: course.title,
      courseVersion: `${course.version}+${course.contentHash.slice(0, 8)}`,
      score: 100,
    });
    const issued = new Date(`${c.issuedOn as string}T00:00:00Z`);
    const expires = new Date(`${c.expiresOn as string}T00:00:00Z`);
    const days = (expires.getTime() - issued.getTime()) / 86_400_000;
    expect(days).toBeGreaterThanOrEqual(363);
    expect(days).toBeLessThanOrEqual(365);
    const { getDb } = await import("#app/utils/db.server.ts");
    const row = getDb().$client.prepare("SELECT content_hash, attested_at FROM certificates WHERE code = ?").get(code.replace(/-/g, "")) as {
      content_hash: string;
      attested_at: number;
    };
    expect(row.content_hash).toBe(course.contentHash);
    expect(row.attested_at).toBeGreaterThan(0);
  });

  it("serves the PDF to its holder: one page, the exact Unicode name, the code and the hotline", async () => {
    const res = await call(certPdf.loader, `${FORGED}/certificates/${code}.pdf`, { cookie: holder, params: { code } });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/pdf");
    const { text, pages } = await pdfText(res.data as Uint8Array);
    expect(pages).toBe(1);
    expect(text).toContain("Łukasz Ștefănescu");
    expect(text).toContain(code);
    expect(text).toContain("1-888-373-7888");
    expect(text).toContain(`${ORIGIN}/verify`);
    expect(text).not.toContain("evil.example");
  });

  it("hides the PDF and the holder page from everyone else (404), and asks a signed-out holder to sign in", async () => {
    const other = await signInAs("demo-worker");
    expect((await call(certPdf.loader, `/certificates/${code}.pdf`, { cookie: other, params: { code } })).status).toBe(404);
    const anonymous = await call(certPdf.loader, `/certificates/${code}.pdf`, { params: { code } });
    expect(anonymous.status).toBe(302);
    expect(anonymous.location).toBe(`/login?redirectTo=${encodeURIComponent(`/certificates/${code}.pdf`)}`);
    expect((await call(certPage.loader, `/certificates/${code}`, { cookie: other, params: { code } })).status).toBe(404);
  });

  it("verifies publicly in HTML and JSON, accepting lower case and missing dashes", async () => {
    const page = await call(verify.loader, `/verify/${code}`, { params: { code: code.toLowerCase().replace(/-/g, "") } });
    expect(page.status).toBe(200);
    expect(page.data).toMatchObject({ found: true, certificate: { status: "valid", holderName: "Łukasz Ștefănescu", code } });
    // The course's version and content hash, for an auditor (shown in a <details>).
    expect((page.data as { record: { version: string; hash: string } }).record).toMatchObject({ version: expect.any(String), hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const json = await call(api.loader, `/api/certificates/${code}`, { params: { code } });
    expect(json.status).toBe(200);
    expect(json.headers.get("Content-Type")).toMatch(/application\/json/);
    expect(json.data).toMatchObject({
      status: "valid",
      holderName: "Łukasz Ștefănescu",
      courseTitle: "Recognize and respond",
      employerName: "Lakeside Inn",
    });
    expect(Object.keys(json.data as object)).not.toContain("userId");
  });

  it("answers a malformed code with 400 and an unknown one with 404", async () => {
    for (const bad of ["ABC", "00000-00000-00000", "IIIII-LLLLL-OOOOO", "x".repeat(200)]) {
      expect((await call(verify.loader, `/verify/${bad}`, { params: { code: bad } })).status, bad).toBe(400);
      expect((await call(api.loader, `/api/certificates/${bad}`, { params: { code: bad } })).status, bad).toBe(400);
    }
    const unknown = "22222-22222-22222";
    const missing = await call(verify.loader, `/verify/${unknown}`, { params: { code: unknown.toLowerCase() } });
    expect(missing.status).toBe(404);
    // The page offers another try: the code as asked, formatted, and why it failed.
    expect(missing.data).toMatchObject({ found: false, code: unknown, error: expect.stringContaining(unknown) });
    expect((await call(verify.loader, "/verify/ABC", { params: { code: "ABC" } })).data).toMatchObject({ found: false, code: "ABC", error: expect.stringMatching(/not a certificate code/) });
    expect((await call(api.loader, `/api/certificates/${unknown}`, { params: { code: unknown } })).status).toBe(404);
  });

  it("sends /verify?code= to the certificate's page and explains a malformed code", async () => {
    const ok = await call(verifyIndex.loader, `/verify?code=${code.toLowerCase()}`);
    expect(ok.status).toBe(302);
    expect(ok.location).toBe(`/verify/${code}`);
    const bad = await call(verifyIndex.loader, `/verify?code=hello`);
    expect((bad.data as { error: string }).error).toMatch(/not a certificate code/);
  });

  it("says revoked (with the date) once revoked, and expired after the expiry date", async () => {
    const { getDb } = await import("#app/utils/db.server.ts");
    const compact = code.replace(/-/g, "");
    const c = (await call(api.loader, `/api/certificates/${code}`, { params: { code } })).data as { expiresOn: string };
    const nowMs = Date.now();
    const untilExpiry = Date.parse(`${c.expiresOn}T23:59:59Z`) - nowMs;
    advanceClock(untilExpiry + 2 * 86_400_000);
    expect(((await call(api.loader, `/api/certificates/${code}`, { params: { code } })).data as { status: string }).status).toBe("expired");
    const { changeStatuses } = await import("#app/models/status.server.ts");
    changeStatuses(new Date(), () => getDb().$client.prepare("UPDATE certificates SET revoked_at = ?, revoked_reason = 'test' WHERE code = ?").run(Date.UTC(2027, 0, 5), compact));
    const revoked = (await call(verify.loader, `/verify/${code}`, { params: { code } })).data as { certificate: { status: string; revokedOn: string } };
    expect(revoked.certificate).toMatchObject({ status: "revoked", revokedOn: "2027-01-05" });
  });

  it("reports health", async () => {
    const res = await call(healthz.loader, "/healthz");
    expect(res.status).toBe(200);
    expect(res.data).toEqual({ status: "ok" });
  });
});
