/**
 * Whole pages in one brotli call, with a window sized to the page (app/server/page-encoding.server.ts,
 * ADR 036): every size decodes to the same bytes, and the window never exceeds the pages' 256 KB.
 */
import crypto from "node:crypto";
import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { brotliWindowBits } from "#tests/support/brotli.ts";
import { encodeWhole, PAGE_BROTLI_MAX_LGWIN, PAGE_BROTLI_PARAMS, wholeBodyLgwin } from "#app/server/page-encoding.server.ts";

/** Text like a page's: repeats far apart and near, so a too-small window would lose matches. */
function pageLike(bytes: number): Buffer {
  const words = ["<li>", "</li>", "training", "worker", "<a href=\"/learn/", "class=\"meta\">", "hotline", crypto.randomBytes(6).toString("hex")];
  let s = "";
  let i = 0;
  while (s.length < bytes) s += words[(i * 7 + (i >> 3)) % words.length] + (i++ % 97).toString(36);
  return Buffer.from(s.slice(0, bytes));
}

describe("the brotli window of a whole page", () => {
  it("is the smallest that holds the page, between brotli's 1 KB and the pages' 256 KB", () => {
    const max = PAGE_BROTLI_MAX_LGWIN;
    expect(max).toBe(18);
    expect(PAGE_BROTLI_PARAMS[zlib.constants.BROTLI_PARAM_LGWIN]).toBe(max);
    expect(wholeBodyLgwin(0)).toBe(10);
    expect(wholeBodyLgwin(1024)).toBe(10);
    expect(wholeBodyLgwin(1025)).toBe(11);
    expect(wholeBodyLgwin(20_816)).toBe(15);
    expect(wholeBodyLgwin(32_768)).toBe(15);
    expect(wholeBodyLgwin(32_769)).toBe(16);
    expect(wholeBodyLgwin(65_537)).toBe(17);
    expect(wholeBodyLgwin(262_144)).toBe(18);
    expect(wholeBodyLgwin(5_000_000)).toBe(18);
    for (const n of [1, 1000, 20_000, 100_000, 1 << 20]) expect(1 << wholeBodyLgwin(n)).toBeGreaterThanOrEqual(Math.min(n, 1 << max));
  });

  it("decodes to the same bytes at every size, and compresses no worse than the 256 KB window", () => {
    for (const n of [1024, 1025, 20_816, 32_768, 32_769, 65_536, 65_537, 300_000]) {
      const body = pageLike(n);
      const br = encodeWhole(body, "br");
      expect(brotliWindowBits(br)).toBe(wholeBodyLgwin(n));
      expect(zlib.brotliDecompressSync(br).equals(body)).toBe(true);
      const wide = zlib.brotliCompressSync(body, { params: { ...PAGE_BROTLI_PARAMS, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: n } });
      // The same matches are in reach; different hash tables may pick a few bytes differently.
      expect(br.length).toBeLessThanOrEqual(Math.ceil(wide.length * 1.02));
    }
    const body = pageLike(50_000);
    expect(zlib.gunzipSync(encodeWhole(body, "gzip")).equals(body)).toBe(true);
  });
});
