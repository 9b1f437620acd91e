import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { CODE_ALPHABET } from "#app/domain/certificate-code.ts";
import { CLAIM_CODE_LENGTH, formatClaimCode, generateClaimCode, normalizeClaimCode } from "#app/domain/claim-code.ts";

describe("claim codes", () => {
  it("are 8 characters of the unambiguous alphabet, about 39 bits, drawn uniformly", () => {
    expect(CLAIM_CODE_LENGTH * Math.log2(CODE_ALPHABET.length)).toBeGreaterThan(39);
    const counts = new Map<string, number>();
    for (let i = 0; i < 3000; i++) {
      const code = generateClaimCode((max) => crypto.randomInt(max));
      expect(code).toMatch(new RegExp(`^[${CODE_ALPHABET}]{8}$`));
      for (const ch of code) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    }
    // 24,000 characters over 30 symbols: 800 each on average.
    expect(counts.size).toBe(CODE_ALPHABET.length);
    for (const n of counts.values()) expect(n).toBeGreaterThan(600);
  });

  it("print in two groups and read back however they are typed", () => {
    expect(formatClaimCode("7KX4PDEM")).toBe("7KX4-PDEM");
    for (const typed of ["7KX4-PDEM", "7kx4pdem", " 7kx4 pdem ", "7KX4 - PDEM"]) expect(normalizeClaimCode(typed)).toBe("7KX4PDEM");
  });

  it("refuse what cannot be a code: look-alikes outside the alphabet, wrong lengths", () => {
    for (const bad of ["", "7KX4-PDE", "7KX4-PDEMM", "OKX4-PDEM", "1KX4-PDEM", "IKX4-PDEM", "UKX4-PDEM", "7KX4_PDEM", "7KX4-PDÉM"]) expect(normalizeClaimCode(bad), bad).toBeNull();
  });
});
