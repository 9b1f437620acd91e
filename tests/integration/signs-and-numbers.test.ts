/**
 * Signs a law requires, per site, and the local numbers a site's workers see — on the law as
 * shipped: Florida prescribes its sign's wording, size and type; Texas requires the Attorney
 * General's form, which the product lists but cannot print.
 */
import { getDocumentProxy } from "unpdf";
import { beforeAll, describe, expect, it } from "vitest";
import * as sites from "#app/routes/employer.sites.tsx";
import * as signPdf from "#app/routes/employer.signs.$signId[.pdf].ts";
import * as modulePage from "#app/routes/learn.$courseId.$moduleId.tsx";
import { numberWithDigits, phoneDigits, signSizeInches } from "#app/domain/signs.ts";
import { call, joinAsWorker, post, signInAs, snapshotCounts, startTestApp } from "#tests/support/harness.ts";
import { pdfText } from "#tests/support/pdf.ts";

let flAdmin: string;
let txAdmin: string;
let flSiteId: string;

beforeAll(async () => {
  await startTestApp({ content: "shipped" });
  const { now } = await import("#app/utils/clock.server.ts");
  const { createEmployer, createSite } = await import("#app/models/employer.server.ts");
  const { createUser } = await import("#app/models/user.server.ts");
  const fl = createEmployer({ name: "Gulf Breeze Motel", sector: "lodging", jurisdiction: "US-FL", county: "Escambia", joinCode: "GULF-BREEZE" }, now());
  flSiteId = createSite({ employerId: fl.id, name: "Beach wing", joinCode: "GULF-BEACH" }, now())!.id;
  await createUser({ username: "fl-admin", name: "Flo Admin", password: "frontline-demo", kind: "employer_admin", employerId: fl.id }, now());
  flAdmin = await signInAs("fl-admin");
  txAdmin = await signInAs("demo-employer");
});

describe("pure helpers", () => {
  it("reads a sign's size and a vanity number's digits", () => {
    expect(signSizeInches("11 x 15 inches")).toEqual({ width: 11, height: 15 });
    expect(signSizeInches("at least 11 inches by 17 inches")).toEqual({ width: 11, height: 17 });
    expect(signSizeInches(null)).toBeNull();
    expect(phoneDigits("1-855-FLA-SAFE")).toBe("1-855-352-7233");
    expect(numberWithDigits("1-888-373-7888")).toBe("1-888-373-7888");
  });
});

describe("Florida: a sign whose wording the law prescribes", () => {
  it("lists it for each site, with its size, type and languages", async () => {
    const res = await call(sites.loader, "/employer/sites", { cookie: flAdmin });
    const d = res.data as { signs: { id: string; pdf: boolean; minFontPt: number; numbers: string[]; places: { id: string | null; posted: unknown }[] }[] };
    const sign = d.signs.find((s) => s.id === "fl-509-096-1c")!;
    expect(sign.pdf).toBe(true);
    expect(sign.minFontPt).toBe(32);
    expect(sign.numbers).toEqual(["1-855-FLA-SAFE (1-855-352-7233)"]);
    expect(sign.places.map((p) => p.id)).toEqual([flSiteId]);
  });

  it("prints it at 11 × 15 inches or more, one page in English (the law's words) and one in Spanish", async () => {
    const res = await call(signPdf.loader, "/employer/signs/fl-509-096-1c.pdf", { cookie: flAdmin, params: { signId: "fl-509-096-1c" } });
    expect(res.status).toBe(200);
    const bytes = res.data as Uint8Array;
    const { text, pages } = await pdfText(bytes);
    expect(pages).toBe(2);
    expect(text).toContain("call the Florida Human Trafficking Hotline, 1-855-FLA-SAFE, to access help and services");
    expect(text).toContain("Línea Directa de Florida contra la Trata de Personas");
    expect(text).toContain("1-855-352-7233");
    const doc = await getDocumentProxy(new Uint8Array(bytes));
    const view = (await doc.getPage(1)).view; // [x0, y0, x1, y1] in points
    expect(view[2]! - view[0]!).toBeGreaterThanOrEqual(11 * 72);
    expect(view[3]! - view[1]!).toBeGreaterThanOrEqual(15 * 72);
  });

  it("records the attestation that it is posted, refuses bad input without writing, and shows it", async () => {
    const before = await snapshotCounts();
    const noName = await post(sites.action, "/employer/sites", { cookie: flAdmin, form: { intent: "sign-posted", signId: "fl-509-096-1c", siteId: flSiteId, attestedName: "" } });
    expect(noName.status).toBe(400);
    const wrongSign = await post(sites.action, "/employer/sites", { cookie: flAdmin, form: { intent: "sign-posted", signId: "tx-114-0053", siteId: flSiteId, attestedName: "Flo Admin" } });
    expect(wrongSign.status).toBe(404);
    expect(await snapshotCounts()).toEqual(before);
    const ok = await post(sites.action, "/employer/sites", { cookie: flAdmin, form: { intent: "sign-posted", signId: "fl-509-096-1c", siteId: flSiteId, attestedName: "Flo Admin" } });
    expect(ok.status).toBe(200);
    const d = (await call(sites.loader, "/employer/sites", { cookie: flAdmin })).data as { signs: { places: { posted: { by: string } | null }[] }[] };
    expect(d.signs[0]!.places[0]!.posted).toMatchObject({ by: "Flo Admin" });
  });

  it("another employer cannot attest for this employer's site", async () => {
    const res = await post(sites.action, "/employer/sites", { cookie: txAdmin, form: { intent: "sign-posted", signId: "tx-114-0053", siteId: flSiteId, attestedName: "Erin Olson" } });
    expect(res.status).toBe(404);
  });
});

describe("Texas: the Attorney General's form", () => {
  it("is listed with its requirements, and no PDF is made of wording the law does not give", async () => {
    const d = (await call(sites.loader, "/employer/sites", { cookie: txAdmin })).data as { signs: { id: string; pdf: boolean; templateBy: string; minSize: string }[] };
    expect(d.signs).toEqual([expect.objectContaining({ id: "tx-114-0053", pdf: false, templateBy: "Texas Attorney General", minSize: "11 x 17 inches" })]);
    const res = await call(signPdf.loader, "/employer/signs/tx-114-0053.pdf", { cookie: txAdmin, params: { signId: "tx-114-0053" } });
    expect(res.status).toBe(404);
  });
});

describe("local numbers", () => {
  it("a site's police non-emergency number reaches its workers' who-to-call part", async () => {
    const bad = await post(sites.action, "/employer/sites", { cookie: flAdmin, form: { intent: "numbers", siteId: flSiteId, policeAgency: "Pensacola Police", policePhone: "call us" } });
    expect(bad.status).toBe(400);
    const ok = await post(sites.action, "/employer/sites", { cookie: flAdmin, form: { intent: "numbers", siteId: flSiteId, policeAgency: "Pensacola Police Department", policePhone: "(850) 435-1900" } });
    expect(ok.status).toBe(200);
    const cookie = await joinAsWorker({ username: "fl-housekeeper", role: "housekeeping", joinCode: "GULF-BEACH" });
    const { getCourseForRole } = await import("#app/server/content.server.ts");
    const course = getCourseForRole("housekeeping")!;
    const { modulesForRole } = await import("#app/domain/content-schema.ts");
    const who = modulesForRole(course, "housekeeping").find((m) => m.topics.includes("law-enforcement-contacts"))!;
    const res = await call(modulePage.loader, `/learn/${course.id}/${who.id}`, { cookie, params: { courseId: course.id, moduleId: who.id } });
    const workplace = (res.data as { workplace: { siteName: string; police: { agency: string; phone: string }; state: { number: string }[] } }).workplace;
    expect(workplace).toMatchObject({ siteName: "Beach wing", police: { agency: "Pensacola Police Department", phone: "(850) 435-1900" } });
    expect(workplace.state.map((n) => n.number)).toEqual(["1-855-FLA-SAFE (1-855-352-7233)"]);
  });
});
