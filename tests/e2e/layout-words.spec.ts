/**
 * Every page a person reaches, as each kind of account, at phone width (360 px) and desktop
 * width (1280 px), in English and in Spanish:
 *
 * - the page never scrolls sideways (the document is no wider than the window); a box meant to
 *   scroll, such as a table in its `.table-wrap`, may be wider inside itself;
 * - no word is broken across lines: each word's boxes (Range.getClientRects) sit on one line.
 *   A word is a run of non-space characters; a hyphen, slash or dash between two letters is a
 *   fair place to break ("Texas-|approved"), but one next to a digit is not, so dates
 *   ("2026-09-21"), phone numbers and codes count as single words.
 *
 * The one exception: text inside an element with the class `break-anywhere` (codes, hashes,
 * set-up links, audit log details), which the stylesheet lets break anywhere on purpose
 * because such strings can be longer than a phone's line. Hidden text (`.visually-hidden`,
 * display: none), SVG text (which never wraps), form controls' own text and <select> options
 * are not checked.
 */
import { expect, test, type Page } from "@playwright/test";
import { DEMO_PAGES, demoIds, signIn } from "../support/demo-pages.ts";

/** Problems on the page as shown: overflow and broken words, each as a readable line. */
async function layoutProblems(page: Page, url: string): Promise<string[]> {
  const res = await page.goto(url);
  expect(res?.status(), url).toBeLessThan(400);
  // The page itself, not a sign-in page it sent us to.
  expect(new URL(page.url()).pathname, url).toBe(url);
  await page.waitForLoadState("networkidle");
  const found = await page.evaluate(() => {
    const out: string[] = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > window.innerWidth) out.push(`the page is ${doc.scrollWidth} px wide in a ${window.innerWidth} px window`);
    const where = (el: Element) => {
      const cls = typeof el.className === "string" && el.className ? `.${el.className.trim().split(/\s+/).join(".")}` : "";
      return `<${el.tagName.toLowerCase()}${cls}>`;
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      if (!el || el.closest("script, style, noscript, template, svg, select, textarea, .break-anywhere, .visually-hidden")) continue;
      const text = node.textContent ?? "";
      // A text on one line has no broken word: look at its words only when it wraps.
      range.selectNodeContents(node);
      const lines = [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
      if (lines.every((r) => Math.abs(r.top - lines[0]!.top) < lines[0]!.height / 2)) continue;
      for (const m of text.matchAll(/\S+/g)) {
        // Split compounds at a hyphen, slash or dash that sits between two letters.
        let start = m.index;
        for (const part of m[0].split(/(?<=\p{L}[-/‐–—])(?=\p{L})/u)) {
          range.setStart(node, start);
          range.setEnd(node, start + part.length);
          start += part.length;
          const rects = [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
          const first = rects[0];
          if (!first) continue;
          if (rects.some((r) => Math.abs(r.top - first.top) >= first.height / 2)) {
            out.push(`"${part}" is broken across ${new Set(rects.map((r) => Math.round(r.top))).size} lines in ${where(el)}`);
          }
        }
      }
    }
    return out;
  });
  return found.map((p) => `${url}: ${p}`);
}

for (const lang of ["en", "es"] as const) {
  for (const width of [360, 1280]) {
    test.describe(`layout in ${lang === "en" ? "English" : "Spanish"} at ${width} px`, () => {
      // The browser asks for the language; the demo accounts have not chosen one.
      test.use({ viewport: { width, height: 900 }, locale: lang === "en" ? "en-US" : "es-MX" });
      for (const [user, urls] of DEMO_PAGES) {
        test(`every page ${user ? `of ${user}` : "open to anyone"}: no sideways scroll, no word broken across lines`, async ({ page }) => {
          if (user) await signIn(page, user);
          const problems: string[] = [];
          for (const url of urls(demoIds())) {
            problems.push(...(await layoutProblems(page, url)));
            await expect(page.locator("html")).toHaveAttribute("lang", lang);
          }
          expect(problems).toEqual([]);
        });
      }
    });
  }
}
