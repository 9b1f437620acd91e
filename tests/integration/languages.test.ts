/**
 * Spanish and English: which language a page is shown in (account, cookie, Accept-Language),
 * the switch, and a course taken in Spanish — Spanish questions, the same grading, a
 * certificate that says it was taken in Spanish and counts for the employer the same way.
 */
import { beforeAll, describe, expect, it } from "vitest";
import YAML from "yaml";
import fs from "node:fs";
import * as root from "#app/root.tsx";
import * as language from "#app/routes/language.tsx";
import * as quiz from "#app/routes/learn.$courseId.quiz.tsx";
import * as learn from "#app/routes/learn._index.tsx";
import * as moduleRoute from "#app/routes/learn.$courseId.$moduleId.tsx";
import * as join from "#app/routes/join.$joinCode.tsx";
import * as adminCertificates from "#app/routes/admin.certificates.tsx";
import { routes } from "virtual:remix/server-build";
import { messagesNeedReload } from "#app/i18n/page-messages.ts";
import { declaredMessagesByRoute } from "#app/i18n/page-messages.server.ts";
import { messagesAssetSource } from "#app/i18n/i18n.server.ts";
import { call, completeAllModules, countRows, post, signInAs, startTestApp } from "#tests/support/harness.ts";
import { pdfText } from "#tests/support/pdf.ts";
import { parseMessagesAsset } from "#tests/support/messages-asset.ts";

const COURSE = "recognize-and-respond";
const SPANISH = { "Accept-Language": "es-MX,es;q=0.9,en;q=0.5" };

beforeAll(async () => {
  await startTestApp();
});

/** The root's data for `url`, with the messages of the asset it names (app/i18n/messages-asset.ts). */
async function rootData(url: string, opts: { cookie?: string | null; headers?: Record<string, string> }) {
  const data = (await call(root.loader, url, opts)).data as { lang: string; messagesHref: string; selectors: string[] };
  const source = messagesAssetSource(data.messagesHref.replace(/^\/assets\//, ""));
  if (source === undefined) throw new Error(`no messages asset at ${data.messagesHref}`);
  const asset = parseMessagesAsset(source);
  return { ...data, messages: asset.messages };
}
const rootLang = (opts: { cookie?: string | null; headers?: Record<string, string> }) => rootData("/", opts);

describe("which language a page is shown in", () => {
  it("follows Accept-Language, English when nothing we have is asked for", async () => {
    const { negotiateLanguage } = await import("#app/i18n/i18n.server.ts");
    expect(negotiateLanguage("es-MX,es;q=0.9,en;q=0.5")).toBe("es");
    expect(negotiateLanguage("es")).toBe("es");
    expect(negotiateLanguage("fr-CA,fr;q=0.9,es;q=0.4")).toBe("es");
    expect(negotiateLanguage("en-US,en;q=0.9,es;q=0.8")).toBe("en");
    expect(negotiateLanguage("es;q=0,en")).toBe("en");
    expect(negotiateLanguage("fr")).toBe("en");
    expect(negotiateLanguage("*")).toBe("en");
    expect(negotiateLanguage("")).toBe("en");
    expect(negotiateLanguage(null)).toBe("en");
    expect((await rootLang({ headers: SPANISH })).lang).toBe("es");
    expect((await rootLang({})).lang).toBe("en");
  });

  it("sends the browser only the messages the page's components use, in the page's language", async () => {
    const namespaces = async (url: string, cookie?: string) => Object.keys((await rootData(url, { headers: SPANISH, cookie })).messages).sort();
    expect(await namespaces("/")).toEqual(["common", "worker"]);
    expect(await namespaces("/learn/recognize-and-respond/what-is-trafficking")).toEqual(["common", "worker"]);
    expect(await namespaces("/learn/recognize-and-respond/what-is-trafficking.data")).toEqual(["common", "worker"]);
    // The sign-in page declares single sign-on's words (its "Sign in with your organisation" form, ADR 034).
    expect(await namespaces("/login")).toEqual(["auth", "common", "sso"]);
    expect(await namespaces("/verify/ABCDE-FGHIJ-KLMNP")).toEqual(["common", "public"]);
    expect(await namespaces("/employer/roster", await signInAs("demo-employer"))).toEqual(["common", "employer", "public"]);
    expect(await namespaces("/council")).toEqual(["common", "council", "public"]);
    expect(await namespaces("/no/such/page")).toEqual(["common"]);
    // Of the worker's messages, a page gets its own group only.
    const modulePage = await rootData("/learn/recognize-and-respond/what-is-trafficking", { headers: SPANISH });
    expect(Object.keys(modulePage.messages.worker!)).toEqual(["module", "readAloud"]);
    const home = await rootLang({ headers: SPANISH });
    expect(JSON.stringify(home.messages)).toContain("Reconozca la trata de personas");
    // A navigation to a page needing other messages loads the root again; one from a module to the next does not.
    // (The browser runs this over its own copy of the route manifest; here, the server build's.)
    const declared = declaredMessagesByRoute();
    const revalidates = async (from: string, to: string) => {
      const sent = ((await call(root.loader, from, { headers: SPANISH, cookie: await signInAs("demo-employer") })).data as { selectors: string[] }).selectors;
      return messagesNeedReload(routes, declared, sent, to);
    };
    expect(await revalidates("/learn", "/certificates/A")).toBe(true);
    expect(await revalidates("/learn", "/learn/c/m")).toBe(true);
    expect(await revalidates("/learn/c/m1", "/learn/c/m2")).toBe(false);
    expect(await revalidates("/learn/c/m1", "/learn/c/quiz")).toBe(true);
    expect(await revalidates("/employer", "/employer/roster")).toBe(false);
    expect(await revalidates("/employer", "/council")).toBe(true);
    expect(await revalidates("/employer", "/no/such/page")).toBe(true);
  });

  it("the switch keeps the choice in a cookie, which wins over Accept-Language", async () => {
    const res = await post(language.action, "/language", { form: { lang: "es", redirectTo: "/verify?code=x" }, headers: { "Accept-Language": "en" } });
    expect(res.status).toBe(303);
    expect(res.location).toBe("/verify?code=x");
    expect(res.cookie).toMatch(/^fr_lang=/);
    expect((await rootLang({ cookie: res.cookie, headers: { "Accept-Language": "en" } })).lang).toBe("es");
    const back = await post(language.action, "/language", { form: { lang: "en", redirectTo: "/" }, cookie: res.cookie, headers: SPANISH });
    expect((await rootLang({ cookie: back.cookie, headers: SPANISH })).lang).toBe("en");
  });

  it("remembers a signed-in worker's choice on the account, on any device", async () => {
    const cookie = await signInAs("demo-worker");
    const res = await post(language.action, "/language", { form: { lang: "es", redirectTo: "/learn" }, cookie });
    expect(res.status).toBe(303);
    const { getUserByUsername } = await import("#app/models/user.server.ts");
    expect(getUserByUsername("demo-worker")!.language).toBe("es");
    // Another device: a new session, an English browser, no language cookie.
    const elsewhere = await signInAs("demo-worker");
    expect((await rootLang({ cookie: elsewhere, headers: { "Accept-Language": "en-US" } })).lang).toBe("es");
    const page = await call(learn.loader, "/learn", { cookie: elsewhere });
    expect((page.data as { course: { title: string } }).course.title).toBe("Reconocer y responder");
    await post(language.action, "/language", { form: { lang: "en", redirectTo: "/learn" }, cookie });
    expect(getUserByUsername("demo-worker")!.language).toBe("en");
  });

  it("refuses an unknown language or a redirect off the site with 400, setting nothing", async () => {
    for (const form of [
      { lang: "fr", redirectTo: "/" },
      { lang: "", redirectTo: "/" },
      { lang: "es", redirectTo: "//evil.example/" },
      { lang: "es", redirectTo: "https://evil.example/" },
      { lang: "es", redirectTo: "/\\evil.example" },
      { lang: "es", redirectTo: "/\t/evil.example" },
      { lang: "es", redirectTo: "/%09/evil.example" },
      { lang: "es", redirectTo: "/.//evil.example" },
      { lang: "es", redirectTo: "learn" },
    ]) {
      const res = await post(language.action, "/language", { form, headers: SPANISH });
      expect(res.status, JSON.stringify(form)).toBe(400);
      expect(res.cookie).toBeNull();
      expect(String(res.data)).toBe("Elija inglés o español.");
    }
  });
});

describe("the course in Spanish", () => {
  it("joins in Spanish, reads Spanish modules, answers Spanish questions and gets a certificate that says so", async () => {
    const res = await post(join.action, "/join/LAKESIDE-INN", {
      params: { joinCode: "LAKESIDE-INN" },
      headers: SPANISH,
      form: { name: "Rosa Méndez", username: "rosa-es", password: "una frase larga y segura", role: "housekeeping" },
    });
    expect(res.status).toBe(302);
    const cookie = res.cookie!;
    const { getUserByUsername } = await import("#app/models/user.server.ts");
    expect(getUserByUsername("rosa-es")!.language).toBe("es");

    // The first module, in Spanish, with its wait message in Spanish.
    const first = await call(moduleRoute.loader, `/learn/${COURSE}/what-is-trafficking`, { cookie, params: { courseId: COURSE, moduleId: "what-is-trafficking" } });
    const m = first.data as { module: { title: string }; sections: { body: string }[]; remaining: string };
    expect(m.module.title).toBe("Qué es la trata de personas");
    expect(m.sections.map((s) => s.body).join("")).toContain("La trata de personas es un delito");
    expect(m.remaining).toMatch(/minutos?$/);
    await completeAllModules(cookie);

    const spanishQuiz = YAML.parse(fs.readFileSync("content/courses/recognize-and-respond/i18n/es/quiz.yaml", "utf8")) as { questions: { id: string; prompt: string; choices: { text: string }[] }[] };
    const englishQuiz = YAML.parse(fs.readFileSync("content/courses/recognize-and-respond/quiz.yaml", "utf8")) as { questions: { id: string; choices: { id: string; correct?: boolean }[] }[] };
    const params = { courseId: COURSE };
    const page = await call(quiz.loader, `/learn/${COURSE}/quiz`, { cookie, params });
    const q = (page.data as { quiz: { attemptId: string; questions: { id: string; prompt: string; choices: { id: string; text: string }[] }[] } }).quiz;
    for (const item of q.questions) {
      const es = spanishQuiz.questions.find((x) => x.id === item.id)!;
      expect(item.prompt).toBe(es.prompt);
      expect(es.choices.map((c) => c.text)).toEqual(expect.arrayContaining(item.choices.map((c) => c.text)));
    }
    // A wrong submission is answered in Spanish.
    const missing = await post(quiz.action, `/learn/${COURSE}/quiz`, { cookie, params, form: { attempt: q.attemptId } });
    expect(missing.status).toBe(400);
    expect((missing.data as { errors: Record<string, string> }).errors.attest).toMatch(/^Marque la casilla/);
    const before = await countRows("certificates");

    const form: Record<string, string | string[]> = { attempt: q.attemptId, attest: "on" };
    for (const item of q.questions) form[`q.${item.id}`] = englishQuiz.questions.find((x) => x.id === item.id)!.choices.filter((c) => c.correct).map((c) => c.id);
    const passed = await post(quiz.action, `/learn/${COURSE}/quiz`, { cookie, params, form, headers: SPANISH });
    expect(passed.status).toBe(302);
    expect(await countRows("certificates")).toBe(before + 1);

    const { getDb } = await import("#app/utils/db.server.ts");
    const row = getDb().$client.prepare("SELECT c.id, c.language, a.language AS attempt_language FROM certificates c JOIN quiz_attempts a ON a.id = c.attempt_id JOIN users u ON u.id = c.user_id WHERE u.username = 'rosa-es'").get() as { id: string; language: string; attempt_language: string };
    expect(row).toMatchObject({ language: "es", attempt_language: "es" });

    // The PDF is printed in Spanish and states the language taken.
    const { certificatePdf } = await import("#app/models/certificate-pdf.server.ts");
    const { getCertificateByAttempt } = await import("#app/models/certificate.server.ts");
    const cert = getDb().$client.prepare("SELECT attempt_id FROM certificates WHERE id = ?").get(row.id) as { attempt_id: string };
    const pdf = await certificatePdf(getCertificateByAttempt(cert.attempt_id)!);
    const { text } = await pdfText(new Uint8Array(pdf));
    expect(text).toContain("Certificado de finalización");
    expect(text).toContain("Reconocer y responder");
    expect(text).toMatch(/Curso realizado en\s*español/);
    expect(text).toContain("Limpieza de habitaciones o lavandería");

    // And it counts for the employer exactly as an English completion does.
    const { getEmployerRoster } = await import("#app/models/compliance.server.ts");
    const { getEmployerByJoinCode } = await import("#app/models/employer.server.ts");
    const { now } = await import("#app/utils/clock.server.ts");
    const compliance = getEmployerRoster(getEmployerByJoinCode("LAKESIDE-INN")!, now());
    const entry = compliance.entries.find((e) => e.employment.fullName === "Rosa Méndez")!;
    expect(entry.status.kind).toBe("compliant");
  });

  it("an English certificate says it was taken in English", async () => {
    const { getDb } = await import("#app/utils/db.server.ts");
    const { certificatePdf } = await import("#app/models/certificate-pdf.server.ts");
    const { getCertificateByAttempt } = await import("#app/models/certificate.server.ts");
    const cert = getDb().$client.prepare("SELECT c.attempt_id FROM certificates c JOIN users u ON u.id = c.user_id WHERE u.username = 'demo-certified'").get() as { attempt_id: string };
    const { text } = await pdfText(new Uint8Array(await certificatePdf(getCertificateByAttempt(cert.attempt_id)!)));
    expect(text).toContain("Certificate of completion");
    expect(text).toMatch(/Course taken in\s*English/);
  });

  it("a shared rule's error reads in each page's language (a revocation reason too short), changing nothing", async () => {
    const { getDb } = await import("#app/utils/db.server.ts");
    const { code } = getDb().$client.prepare("SELECT c.code FROM certificates c JOIN users u ON u.id = c.user_id WHERE u.username = 'demo-certified'").get() as { code: string };
    const cookie = await signInAs("demo-admin");
    const form = { code, reason: "no" };
    const en = await post(adminCertificates.action, "/admin/certificates", { cookie, form, headers: { "Accept-Language": "en" } });
    const es = await post(adminCertificates.action, "/admin/certificates", { cookie, form, headers: SPANISH });
    expect([en.status, es.status]).toEqual([400, 400]);
    expect((en.data as { errors: Record<string, string> }).errors.reason).toBe("Give a reason of at least 5 characters");
    expect((es.data as { errors: Record<string, string> }).errors.reason).toBe("Indique un motivo de al menos 5 caracteres");
    expect((getDb().$client.prepare("SELECT revoked_at FROM certificates WHERE code = ?").get(code) as { revoked_at: number | null }).revoked_at).toBeNull();
  });
});
