/** The red-flags card: for a worker who passed, for their role, in English or Spanish, with the hotline. */
import { beforeAll, describe, expect, it } from "vitest";
import * as card from "#app/routes/learn.card[.pdf].ts";
import { BASE, call, signInAs, startTestApp } from "#tests/support/harness.ts";
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

describe("the card in pocket size and as a phone image", () => {
  const LONGEST_LOCAL = { police: { agency: "Metropolitan Police Department of the City of Example", phone: "(512) 974-5000" }, state: [{ label: "Florida Human Trafficking Hotline (on the required sign)", number: "1-855-FLA-SAFE (1-855-352-7233)" }] };
  const flat = (s: string) => s.replace(/\s+/g, " ");
  /** The width and height a PNG's IHDR chunk records. */
  const pngSize = (bytes: Uint8Array) => {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return { signature: Buffer.from(bytes.subarray(0, 8)).toString("hex"), width: view.getUint32(16), height: view.getUint32(20) };
  };

  it("gives a certified worker the wallet sheet and the phone image, in the language asked; refuses a made-up format", async () => {
    const { getContent } = await import("#app/server/content.server.ts");
    const png = await import("#app/routes/learn.card[.png].ts");
    const expected = getContent().cards.get("front-desk")!;
    const cookie = await signInAs("demo-certified");
    const wallet = await call(card.loader, "/learn/card.pdf?format=wallet&lang=es", { cookie });
    expect(wallet.status).toBe(200);
    expect(wallet.headers.get("Content-Disposition")).toContain("red-flags-wallet-front-desk-es.pdf");
    const { text, pages } = await pdfText(wallet.data as Uint8Array);
    expect(pages).toBe(1);
    expect(flat(text)).toContain(expected.es.title);
    expect(flat(text)).toContain("Recorte por las marcas");
    for (const line of [...expected.es.signs, ...expected.es.do]) expect(flat(text)).toContain(line);
    expect(text).toContain("1-888-373-7888");

    // Called directly: the image's bytes, not the harness's text of them.
    const image = await png.loader({ request: new Request(`${BASE}/learn/card.png?lang=es`, { headers: { Cookie: cookie } }), params: {}, context: {} });
    expect(image.status).toBe(200);
    expect(image.headers.get("Content-Type")).toBe("image/png");
    expect(image.headers.get("Cache-Control")).toBe("private, no-store");
    expect(image.headers.get("Content-Disposition")).toContain("red-flags-front-desk-es.png");
    expect(pngSize(new Uint8Array(await image.arrayBuffer()))).toEqual({ signature: "89504e470d0a1a0a", width: 1080, height: 1920 });

    expect((await call(card.loader, "/learn/card.pdf?format=poster", { cookie })).status).toBe(400);
    expect((await call(png.loader, "/learn/card.png", { cookie: await signInAs("demo-worker") })).status).toBe(403);
    expect((await call(png.loader, "/learn/card.png")).status).toBe(302);
  });

  it("fits every role in English and in Spanish: the whole text, one wallet sheet whose sides fit the card, one phone screen of 1080 × 1920", async () => {
    const { getContent } = await import("#app/server/content.server.ts");
    const { renderCardPdf, renderWalletSidesPdf } = await import("#app/pdf/card.server.tsx");
    const { PHONE_SCREEN } = await import("#app/pdf/layout-facts.ts");
    const { pdfPageToPng } = await import("#app/pdf/png.server.ts");
    const fs = await import("node:fs");
    const os = await import("node:os");
    const path = await import("node:path");
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "frontline-cards-"));
    for (const [role, c] of getContent().cards) {
      for (const lang of ["en", "es"] as const) {
        const data = { lang, roleLabel: role, title: c[lang].title, signs: c[lang].signs, do: c[lang].do, reminder: c[lang].reminder, hotline: { call: "1-888-373-7888", text: "233733" }, local: LONGEST_LOCAL, sources: c.sources };
        const everything = [c[lang].title, ...c[lang].signs, ...c[lang].do, "911", "1-888-373-7888", "233733", "(512) 974-5000", "1-855-FLA-SAFE (1-855-352-7233)", LONGEST_LOCAL.state[0]!.label];
        const label = `${role} ${lang}`;
        // Each side on a page of the card's size: a side that does not fit runs onto a third page.
        expect((await pdfText(new Uint8Array(await renderWalletSidesPdf(data)))).pages, `${label} wallet sides`).toBe(2);
        const sheet = await pdfText(new Uint8Array(await renderCardPdf({ ...data, format: "wallet" })));
        expect(sheet.pages, `${label} wallet sheet`).toBe(1);
        for (const part of everything) expect(flat(sheet.text), `${label} wallet: ${part}`).toContain(part);
        const phonePdf = await renderCardPdf({ ...data, format: "phone" });
        const phone = await pdfText(new Uint8Array(phonePdf));
        expect(phone.pages, `${label} phone`).toBe(1);
        for (const part of [...everything, c[lang].reminder]) expect(flat(phone.text), `${label} phone: ${part}`).toContain(part);
        if (role === "front-desk" || role === "lodging-manager") {
          const png = await pdfPageToPng(new Uint8Array(phonePdf), { width: PHONE_SCREEN.width * 3, height: PHONE_SCREEN.height * 3 });
          expect(pngSize(png)).toEqual({ signature: "89504e470d0a1a0a", width: 1080, height: 1920 });
          fs.writeFileSync(path.join(out, `${role}-${lang}.png`), png);
        }
      }
    }
  }, 120_000);
});
