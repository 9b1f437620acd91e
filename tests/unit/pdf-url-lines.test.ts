import { describe, expect, it } from "vitest";
import { urlLines } from "#app/pdf/shared.server.tsx";

describe("addresses printed in PDFs", () => {
  it("are cut only before a slash or after a dot, never inside a word or after a hyphen", () => {
    expect(urlLines("https://training.frontline-ready.example.org/join/LAKESIDE-ANNEX", 30)).toEqual([
      "https://training.",
      "frontline-ready.example.org",
      "/join/LAKESIDE-ANNEX",
    ]);
    expect(urlLines("http://localhost:3000/join/LAKESIDE-ANNEX", 30)).toEqual(["http://localhost:3000/join", "/LAKESIDE-ANNEX"]);
  });

  it("stay on one line when they fit, and read back whole", () => {
    expect(urlLines("https://fr.example/verify", 48)).toEqual(["https://fr.example/verify"]);
    for (const url of ["https://a.b.c.example.org/verify/7KX4P-DEM24-QRT9H", "http://127.0.0.1:41234/join/X", "https://x/"]) {
      for (const n of [5, 12, 30, 80]) expect(urlLines(url, n).join("")).toBe(url);
    }
  });

  it("keep a piece longer than a line whole rather than split it", () => {
    expect(urlLines("https://example.org/ABCDEFGHIJKLMNOPQRSTUVWXYZ", 10)).toEqual(["https://example.", "org", "/ABCDEFGHIJKLMNOPQRSTUVWXYZ"]);
  });
});
