/**
 * What a person taps and reads on a phone (360 px): the header's links and buttons, the
 * language switch, the links to the course's parts and the red-flags card downloads are each
 * at least 44 × 44 px; "Sign out" is a bordered button set apart from the signed-in name; and
 * every date field's hint and error describe the date the way the date control shows it,
 * never as "YYYY-MM-DD" (the control shows 04/01/2025 or another local form).
 */
import { expect, test, type Locator, type Page } from "@playwright/test";
import { demoIds, signIn } from "../support/demo-pages.ts";

const MIN = 44;

async function tooSmall(targets: Locator, what: string): Promise<string[]> {
  const out: string[] = [];
  const count = await targets.count();
  expect(count, `${what}: some to measure`).toBeGreaterThan(0);
  for (let i = 0; i < count; i++) {
    const target = targets.nth(i);
    const box = await target.boundingBox();
    const label = (await target.innerText()).trim();
    if (!box) out.push(`${what} "${label}": not shown`);
    else if (box.width < MIN - 0.5 || box.height < MIN - 0.5) out.push(`${what} "${label}": ${Math.round(box.width)} × ${Math.round(box.height)} px`);
  }
  return out;
}

for (const [lang, locale] of [["en", "en-US"], ["es", "es-MX"]] as const) {
  test.describe(`at 360 px in ${lang === "en" ? "English" : "Spanish"}`, () => {
    test.use({ viewport: { width: 360, height: 800 }, locale });

    test("header links, the language switch, course part links and card downloads are at least 44 × 44 px", async ({ page }) => {
      await page.goto("/login");
      const problems = await tooSmall(page.locator(".site-header a, .site-header button"), "signed out: header");
      await signIn(page, "demo-certified");
      await page.goto("/learn");
      problems.push(...(await tooSmall(page.locator(".site-header a, .site-header button"), "header")));
      problems.push(...(await tooSmall(page.locator(".language-switch button"), "language switch")));
      problems.push(...(await tooSmall(page.locator(".module-list a"), "course part")));
      problems.push(...(await tooSmall(page.locator('a[href^="/learn/card.pdf"]'), "red-flags card")));
      expect(problems).toEqual([]);
    });

    test('"Sign out" is a bordered button apart from the name', async ({ page }) => {
      await signIn(page, "demo-worker");
      const name = page.locator(".site-header").getByRole("link", { name: "Maria Lopez" });
      const signOut = page.locator(".site-header form[action='/logout'] button");
      await expect(signOut).toBeVisible();
      const [a, b] = [(await name.boundingBox())!, (await signOut.boundingBox())!];
      // On the same line with a gap of at least 8 px, or on a line of its own.
      const apart = b.x >= a.x + a.width + 8 || b.y >= a.y + a.height || a.x >= b.x + b.width + 8;
      expect(apart, `name ${JSON.stringify(a)}, sign out ${JSON.stringify(b)}`).toBe(true);
      const border = await signOut.evaluate((el) => {
        const s = getComputedStyle(el);
        return { width: parseFloat(s.borderTopWidth), style: s.borderTopStyle };
      });
      expect(border.width).toBeGreaterThanOrEqual(1);
      expect(border.style).toBe("solid");
    });

    test("date fields' hints and errors do not ask for YYYY-MM-DD", async ({ page }) => {
      const FORMAT = /YYYY|AAAA|\bMM\b|\bDD\b|\bDD\/|\bMM\//;
      await signIn(page, "demo-employer");
      const { employment } = demoIds();
      for (const url of ["/employer/workers/new", `/employer/workers/${employment}`]) {
        await page.goto(url);
        const dates = page.locator('input[type="date"]');
        expect(await dates.count(), url).toBeGreaterThan(0);
        for (const input of await dates.all()) {
          const described = (await input.getAttribute("aria-describedby")) ?? "";
          for (const id of described.split(/\s+/).filter(Boolean)) {
            await expect(page.locator(`[id="${id}"]`), `${url} #${id}`).not.toHaveText(FORMAT);
          }
        }
      }
      // The error for an empty hire date, shown under the field.
      await page.goto("/employer/workers/new");
      await page.locator("#f-fullName").fill("Dana Example");
      // The form starts with today's date: empty it (nothing is added with an error).
      await page.locator("#f-hireDate").fill("");
      await page.locator("main form[method=post] button[type=submit]").click();
      const error = page.locator("#f-hireDate-error");
      await expect(error).not.toBeEmpty();
      await expect(error).not.toHaveText(FORMAT);
    });
  });
}
