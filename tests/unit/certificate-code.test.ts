import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  CODE_ALPHABET,
  CODE_BITS,
  formatCertificateCode,
  generateCertificateCode,
  normalizeCertificateCode,
} from "#app/domain/certificate-code.ts";

const random = (max: number) => crypto.randomInt(max);

describe("certificate codes", () => {
  it("carry at least 60 bits", () => {
    expect(CODE_BITS).toBeGreaterThanOrEqual(60);
  });

  it("use no ambiguous characters", () => {
    for (const ch of "01ILOU") expect(CODE_ALPHABET).not.toContain(ch);
    expect(new Set(CODE_ALPHABET).size).toBe(CODE_ALPHABET.length);
  });

  it("are 15 characters from the alphabet, printed in three groups of five", () => {
    const code = generateCertificateCode(random);
    expect(code).toMatch(new RegExp(`^[${CODE_ALPHABET}]{15}$`));
    expect(formatCertificateCode(code)).toMatch(/^.{5}-.{5}-.{5}$/);
  });

  it("print the same however often they are printed", () => {
    expect(formatCertificateCode("7KX4PDEM24QRT9H")).toBe("7KX4P-DEM24-QRT9H");
    expect(formatCertificateCode("7KX4P-DEM24-QRT9H")).toBe("7KX4P-DEM24-QRT9H");
  });

  it("use every symbol with roughly equal frequency (no modulo bias)", () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 2000; i++) for (const ch of generateCertificateCode(random)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    const expected = (2000 * 15) / CODE_ALPHABET.length;
    expect(counts.size).toBe(CODE_ALPHABET.length);
    for (const n of counts.values()) expect(Math.abs(n - expected) / expected).toBeLessThan(0.2);
  });

  it("do not repeat across 100,000 draws", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 100_000; i++) seen.add(generateCertificateCode(random));
    expect(seen.size).toBe(100_000);
  });

  it("normalize what people type: case, spaces and dashes", () => {
    expect(normalizeCertificateCode(" 7kx4p dem24-qrt9h ")).toBe("7KX4PDEM24QRT9H");
    expect(normalizeCertificateCode("7KX4P-DEM24-QRT9H")).toBe("7KX4PDEM24QRT9H");
  });

  it("reject malformed codes", () => {
    expect(normalizeCertificateCode("")).toBeNull();
    expect(normalizeCertificateCode("7KX4P-DEM24")).toBeNull();
    expect(normalizeCertificateCode("7KX4P-DEM24-QRT9HH")).toBeNull();
    expect(normalizeCertificateCode("0KX4P-DEM24-QRT9H")).toBeNull();
    expect(normalizeCertificateCode("7KX4P-DEM24-QRT9<")).toBeNull();
  });
});
