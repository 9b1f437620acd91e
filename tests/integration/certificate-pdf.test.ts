import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { formatCertificateCode, generateCertificateCode } from "#app/domain/certificate-code.ts";
import { renderCertificatePdf } from "#app/pdf/certificate.server.tsx";
import { sampleCertificate } from "#tests/support/certificate-sample.ts";
import { pdfText } from "#tests/support/pdf.ts";

const base = sampleCertificate;

describe("certificate PDF", () => {
  it("prints long Unicode names, the widest code on one line, and the hotline, on one page", async () => {
    const pdf = await renderCertificatePdf(base);
    expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe("%PDF-");
    const { text, pages } = await pdfText(new Uint8Array(pdf));
    expect(pages).toBe(1);
    expect(text).toContain("Łukasz Ștefănescu-Żółć Nguyễn");
    expect(text).toContain("WWWWW-MMMMM-WWWWW");
    expect(text).toContain("1-888-373-7888");
    expect(text).toContain("233733");
    expect(text).toContain("Valid through November 24, 2027");
  });

  it("keeps the text layer right across many renders in one process (copy-paste and screen readers read the code)", async () => {
    // Regression: fontkit's glyph cache once let the ToUnicode map of a later document name
    // the wrong character for some glyphs (a bold "S" extracted as "(").
    const wrong: string[] = [];
    for (let i = 0; i < 60; i++) {
      const code = formatCertificateCode(generateCertificateCode((max) => crypto.randomInt(max)));
      const holderName = i % 2 ? "Łukasz Kowalski" : "José Núñez Ștefănescu";
      const pdf = await renderCertificatePdf({ ...base, code, holderName, verifyUrl: `http://127.0.0.1:3199/verify/${code}` });
      const { text } = await pdfText(new Uint8Array(pdf));
      if (!text.includes(code) || !text.includes(holderName)) wrong.push(code);
    }
    expect(wrong).toEqual([]);
  });

  it("embeds the font (no standard-14 fallback that drops letters)", async () => {
    const pdf = Buffer.from(await renderCertificatePdf({ ...base, holderName: "José Núñez" })).toString("latin1");
    expect(pdf).toMatch(/\/FontFile2/);
    expect(pdf).not.toMatch(/\/BaseFont\s*\/Helvetica/);
  });
});
