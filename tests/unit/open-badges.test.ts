/** The pure parts of Open Badges 3.0 (ADR 031): did:web, the bit order of a status list, validUntil. */
import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { STATUS_LIST_SIZE, bitAt, bitstring, didWebFor, statusListCredential, validUntilOf } from "#app/domain/open-badges.ts";
import { expiryDate } from "#app/domain/expiry.ts";

describe("Open Badges domain", () => {
  it("makes did:web from the public origin, the port's colon percent-encoded", () => {
    expect(didWebFor("https://training.example.org")).toBe("did:web:training.example.org");
    expect(didWebFor("https://training.example.org:8443")).toBe("did:web:training.example.org%3A8443");
    expect(didWebFor("http://localhost:3000")).toBe("did:web:localhost%3A3000");
  });

  it("puts index 0 in the first byte's most significant bit, as the W3C Bitstring Status List says", () => {
    const bits = bitstring([0, 9, STATUS_LIST_SIZE - 1]);
    expect(bits.length).toBe(16 * 1024);
    expect(bits[0]).toBe(0b1000_0000);
    expect(bits[1]).toBe(0b0100_0000);
    expect(bits[bits.length - 1]).toBe(0b0000_0001);
    expect([0, 1, 8, 9, STATUS_LIST_SIZE - 1].map((i) => bitAt(bits, i))).toEqual([true, false, false, true, true]);
    expect(() => bitstring([STATUS_LIST_SIZE])).toThrow(RangeError);
    expect(() => bitstring([-1])).toThrow(RangeError);
  });

  it("holds the list in a status list credential as multibase base64url of its gzip", () => {
    const encoded = `u${zlib.gzipSync(bitstring([5])).toString("base64url")}`;
    const vc = statusListCredential("https://t.example", 1, encoded, Date.UTC(2026, 11, 6, 12, 0, 0, 500));
    expect(vc.id).toBe("https://t.example/credentials/status/1");
    expect(vc.validFrom).toBe("2026-12-06T12:00:00Z");
    expect(vc.credentialSubject.statusPurpose).toBe("revocation");
    expect(bitAt(zlib.gunzipSync(Buffer.from(vc.credentialSubject.encodedList.slice(1), "base64url")), 5)).toBe(true);
  });

  it("ends validity at the last second of the certificate's expiry date (UTC), the date the project computes at issuance", () => {
    const expiresOn = expiryDate(new Date("2026-03-10T15:00:00Z"), 12);
    expect(expiresOn).toBe("2027-03-09");
    expect(validUntilOf(expiresOn)).toBe("2027-03-09T23:59:59Z");
    expect(validUntilOf("2028-02-29")).toBe("2028-02-29T23:59:59Z");
  });
});
