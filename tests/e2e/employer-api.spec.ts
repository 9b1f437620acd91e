/**
 * The API token page (/employer/api, ADR 032) in a browser, at 360 px and 1280 px, in English
 * and Spanish: making a token shows it once (with a curl line), with no sideways scroll; the
 * list then names it without the token; a reload does not show it again; revoking it says so.
 * Screenshots go to test-results/employer-api-<lang>-<width>.png.
 */
import { expect, test } from "@playwright/test";
import { signIn } from "../support/demo-pages.ts";

const WORDS = {
  en: { create: "Create token", revoke: "Revoke", once: "it is shown only this once", revoked: "The token was revoked" },
  es: { create: "Crear clave", revoke: "Revocar", once: "solo se muestra esta vez", revoked: "La clave fue revocada" },
} as const;

for (const lang of ["en", "es"] as const) {
  for (const width of [360, 1280]) {
    test(`API tokens page in ${lang} at ${width} px`, async ({ browser }) => {
      const context = await browser.newContext({ locale: lang, extraHTTPHeaders: { "Accept-Language": lang }, viewport: { width, height: 900 } });
      const page = await context.newPage();
      await signIn(page, "demo-employer");
      await page.goto("/employer/api");
      const name = `Payroll ${lang} ${width}`;
      await page.locator("#f-token-name").fill(name);
      await page.locator("input[name=scope][value=read-write]").check();
      await page.getByRole("button", { name: WORDS[lang].create }).click();
      await expect(page.getByText(WORDS[lang].once)).toBeVisible();
      const token = await page.locator("#f-new-token").inputValue();
      expect(token).toMatch(/^flr_[A-Za-z0-9_-]{43}$/);
      await expect(page.locator("pre")).toContainText(token);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await page.screenshot({ path: `test-results/employer-api-${lang}-${width}.png`, fullPage: true });
      // Once: a reload lists the token by name and hint only.
      await page.goto("/employer/api");
      await expect(page.getByRole("rowheader", { name: new RegExp(name) })).toBeVisible();
      expect(await page.content()).not.toContain(token);
      await page.getByRole("button", { name: new RegExp(name) }).click();
      await expect(page.getByText(WORDS[lang].revoked)).toBeVisible();
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await page.screenshot({ path: `test-results/employer-api-${lang}-${width}-list.png`, fullPage: true });
      await context.close();
    });
  }
}
