/**
 * Every page a person reaches, as each kind of account, at phone width (360 px) and desktop
 * width (1280 px), in English and in Spanish:
 *
 * - the page never scrolls sideways (the document is no wider than the window); a box meant to
 *   scroll, such as a table in its `.table-wrap`, may be wider inside itself;
 * - no word is broken across lines. A word is a run of non-space characters; where one wraps
 *   (its characters' boxes, from Range.getClientRects, sit on more than one line), the line
 *   may end only after a hyphen, dash or slash, or between ")(" as in "54.100(c)(3)" — never
 *   between two letters or digits ("Covere|d", "C|u|e|s…") and never inside a date
 *   ("2026-|09-21") or a phone number ("1-|888-373-7888", "1-855-|FLA-SAFE");
 * - no text in a scrolling box other than its cells (a table's caption, which is as wide as its
 *   table) runs past the box's visible edge, where its end would be cut off.
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
      const top = (from: number, to: number) => {
        range.setStart(node, from);
        range.setEnd(node, to);
        const r = [...range.getClientRects()].find((x) => x.width > 0 && x.height > 0);
        return r ? { top: r.top, height: r.height } : null;
      };
      for (const m of text.matchAll(/\S+/g)) {
        const word = m[0];
        // Dates and phone numbers, which must not break at all (offsets within the word).
        const whole = [...word.matchAll(/\d{4}-\d{2}(?:-\d{2})?|(?:1-)?\d{3}-\d{3}-\d{4}|1-\d{3}-[0-9A-Z]+(?:-[0-9A-Z]+)*/g)].map((d) => [d.index, d.index + d[0].length]);
        const breaks: number[] = [];
        let previous = top(m.index, m.index + 1);
        for (let i = 1; i < word.length; i++) {
          const here = top(m.index + i, m.index + i + 1);
          if (!here) continue;
          if (previous && Math.abs(here.top - previous.top) >= previous.height / 2) breaks.push(i);
          previous = here;
        }
        const bad = breaks.filter((i) => {
          const before = word[i - 1]!;
          const fair = /[-‐–—/]/.test(before) || (before === ")" && word[i] === "(");
          return !fair || whole.some(([from, to]) => i > from! && i < to!);
        });
        if (bad.length > 0) out.push(`"${bad.reduceRight((w, i) => `${w.slice(0, i)}|${w.slice(i)}`, word)}" is broken across lines in ${where(el)}`);
      }
    }
    // A scrolling box shows its cells by scrolling; any other text in it (a caption, which is as
    // wide as its table) must fit the box's visible width, or its end is cut off on a phone.
    for (const wrap of document.querySelectorAll<HTMLElement>(".table-wrap")) {
      const right = wrap.getBoundingClientRect().left + wrap.clientLeft + wrap.clientWidth;
      const inWrap = document.createTreeWalker(wrap, NodeFilter.SHOW_TEXT);
      for (let node = inWrap.nextNode(); node; node = inWrap.nextNode()) {
        const el = node.parentElement;
        const text = (node.textContent ?? "").trim();
        if (!el || !text || el.closest("td, th, .visually-hidden")) continue;
        range.selectNodeContents(node);
        if ([...range.getClientRects()].some((r) => r.width > 0 && r.right > right + 1)) out.push(`"${text.slice(0, 60)}" runs past the visible edge of its scrolling box in ${where(el)}`);
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
        test(`every page ${user ? `of ${user}` : "open to anyone"}: no sideways scroll, no word broken across lines, no title cut off`, async ({ page }) => {
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
