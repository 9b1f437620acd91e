import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { localPath, safeRedirect } from "#app/server/auth.server.ts";

const SITE = "https://frontline.example";
const HOME = "/learn";

/** Where a browser goes with `Location: <value>` from a page of this site. */
const browserTarget = (value: string) => new URL(value, `${SITE}/login`);

describe("safeRedirect: only this site's paths, as the browser reads them", () => {
  it.each([
    ["protocol-relative", "//evil.example/x"],
    ["absolute", "https://evil.example/"],
    ["absolute, this host", `${SITE}/learn`],
    ["backslash", "/\\evil.example"],
    ["two backslashes", "\\\\evil.example"],
    ["tab between the slashes", "/\t/evil.example"],
    ["newline between the slashes", "/\n/evil.example"],
    ["CR LF between the slashes", "/\r\n/evil.example"],
    ["leading space", " //evil.example"],
    ["leading control character", "\u0000//evil.example"],
    ["encoded tab", "/%09/evil.example"],
    ["encoded slash", "/%2F/evil.example"],
    ["encoded backslash", "/%5Cevil.example"],
    ["dot segments to two slashes", "/.//evil.example"],
    ["encoded dot segments", "/%2e%2e//evil.example"],
    ["dot segment and backslash", "/./\\evil.example"],
    ["relative", "learn"],
    ["script", "javascript:alert(1)"],
    ["empty", ""],
    ["too long", `/${"a".repeat(2000)}`],
  ])("refuses %s", (_label, value) => {
    expect(localPath(value)).toBeNull();
    expect(safeRedirect(value, HOME)).toBe(HOME);
  });

  it("refuses what is not a string", () => {
    expect(safeRedirect(null, HOME)).toBe(HOME);
    expect(safeRedirect(undefined, HOME)).toBe(HOME);
    expect(safeRedirect(new File([], "x"), HOME)).toBe(HOME);
  });

  it.each([
    ["/learn", "/learn"],
    ["/learn?x=1", "/learn?x=1"],
    ["/verify?code=x#result", "/verify?code=x#result"],
    ["/certificates/7KX4P-DEM24-QRT9H.pdf", "/certificates/7KX4P-DEM24-QRT9H.pdf"],
    ["/learn?next=%2F%2Fevil.example", "/learn?next=%2F%2Fevil.example"],
    // What the browser strips, and what must be encoded in a Location header, come back clean.
    ["/learn\n", "/learn"],
    ["/employer/roster?q=Núñez", "/employer/roster?q=N%C3%BA%C3%B1ez"],
  ])("follows %j as %j", (value, expected) => {
    expect(safeRedirect(value, HOME)).toBe(expected);
  });

  it("never answers with a header-unsafe value or a place off the site, whatever the input", () => {
    const pieces = ["/", "\\", "\t", "\n", "\r", " ", "\u0000", ".", "..", "%", "%2F", "%5C", "%09", "%0A", "%2e", "evil.example", "https:", ":", "@", "?", "#", "ñ", "learn"];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 10 }), (parts) => {
        const value = parts.join("");
        const to = safeRedirect(value, HOME);
        expect(to).toMatch(/^\/(?![/\\])[\x21-\x7e]*$/);
        expect(browserTarget(to).origin).toBe(SITE);
      }),
      { numRuns: 5000 },
    );
  });
});
