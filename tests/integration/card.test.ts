/** The red-flags card: for a worker who passed, for their role, in English or Spanish, with the hotline. */
import { beforeAll, describe, expect, it } from "vitest";
import * as card from "#app/routes/learn.card[.pdf].ts";
import { call, signInAs, startTestApp } from "#tests/support/harness.ts";
import { pdfText } from "#tests/support/pdf.ts";

beforeAll(async () => {
  await startTestApp();
});

describe("the red-flags card", () => {
  it("gives a certified front-desk worker their role's card, with the hotline, in English and in Spanish", async () => {
    const { getContent } = await import("#app/server/content.server.ts");
    const expected = getContent().cards.get("front-desk")!;
    const cookie = await signInAs("demo-certified");
    const en = await call(card.loader, "/learn/card.pdf", { cookie });
    expect(en.status).toBe(200);
    expect(en.headers.get("Content-Type")).toBe("application/pdf");
    const { text, pages } = await pdfText(en.data as Uint8Array);
    expect(pages).toBe(1);
    expect(text).toContain(expected.en.title);
    expect(text).toContain(expected.en.signs[0]!.slice(0, 30));
    expect(text).toContain("1-888-373-7888");
    expect(text).toContain("233733");
    expect(text).toContain("911");
    // What to text, and that Spanish speakers need no interpreter.
    const flat = text.replace(/\s+/g, " ");
    expect(flat).toContain("text HELP to 233733");
    expect(flat).toContain("English, Spanish, and 200+ languages by interpreter");
    const es = await call(card.loader, "/learn/card.pdf?lang=es", { cookie });
    const spanish = (await pdfText(es.data as Uint8Array)).text;
    expect(spanish).toContain(expected.es.title);
    expect(spanish).toContain("Línea Nacional Contra la Trata de Personas");
    expect(spanish.replace(/\s+/g, " ")).toContain("Le atienden en español");
    expect(spanish).toContain(getContent().roleLabelsEs.get("front-desk")!);
  });

  it("is not given before passing (403), and asks anonymous visitors to sign in", async () => {
    expect((await call(card.loader, "/learn/card.pdf", { cookie: await signInAs("demo-worker") })).status).toBe(403);
    expect((await call(card.loader, "/learn/card.pdf")).status).toBe(302);
  });

  it("has a card for every role, English and Spanish alike", async () => {
    const { getContent } = await import("#app/server/content.server.ts");
    const { cards, roles } = getContent();
    for (const r of roles) {
      const c = cards.get(r.id);
      expect(c, r.id).toBeDefined();
      expect(c!.es.signs.length).toBe(c!.en.signs.length);
    }
  });
});

describe("every card", () => {
  // The most a card prints besides the hotline: a site's police line and a state number.
  const LONGEST_LOCAL = { police: { agency: "Metropolitan Police Department of the City of Example", phone: "(512) 974-5000" }, state: [{ label: "Florida Human Trafficking Hotline (on the required sign)", number: "1-855-FLA-SAFE (1-855-352-7233)" }] };

  it("fits on one page, for every role, in English and in Spanish", async () => {
    const { getContent } = await import("#app/server/content.server.ts");
    const { renderCardPdf } = await import("#app/pdf/card.server.tsx");
    for (const [role, c] of getContent().cards) {
      for (const lang of ["en", "es"] as const) {
        const pdf = await renderCardPdf({ lang, roleLabel: role, title: c[lang].title, signs: c[lang].signs, do: c[lang].do, reminder: c[lang].reminder, hotline: { call: "1-888-373-7888", text: "233733" }, local: LONGEST_LOCAL, sources: c.sources });
        expect((await pdfText(new Uint8Array(pdf))).pages, `${role} ${lang}`).toBe(1);
      }
    }
  }, 60_000);
});
