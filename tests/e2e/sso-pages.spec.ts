/**
 * The single sign-on pages as people see them (ADR 034), on a server of their own with SSO=1
 * (the suite's server runs with it off): the login page with "Sign in with your organisation",
 * its answer to an unknown domain, the callback's error page and /admin/sso, at 360 px and
 * 1280 px, in English and Spanish. None scrolls sideways; the login page stays light; screenshots
 * go to test-results/sso/ for a person to look at.
 */
import path from "node:path";
import { expect, test } from "@playwright/test";
import { startServer, type TestServer } from "../support/server.ts";

let server: TestServer;

test.beforeAll(async () => {
  server = await startServer({ SSO: "1", PUBLIC_URL: undefined });
});

test.afterAll(async () => {
  await server?.stop();
});

const OUT = path.resolve("test-results/sso");

for (const lang of ["en", "es"] as const) {
  for (const width of [360, 1280]) {
    test(`SSO pages fit at ${width} px in ${lang}`, async ({ browser }) => {
      const context = await browser.newContext({ viewport: { width, height: 900 }, locale: lang === "es" ? "es-US" : "en-US", extraHTTPHeaders: { "Accept-Language": lang } });
      const page = await context.newPage();
      const fits = async (name: string) => {
        const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(wide, `${name}: sideways scroll`).toBeLessThanOrEqual(0);
        await page.screenshot({ path: path.join(OUT, `${name}-${width}-${lang}.png`), fullPage: true });
      };
      await page.goto(`${server.origin}/login`);
      await expect(page.locator("#f-ssoEmail")).toBeVisible();
      await fits("login");
      // Without JavaScript the form posts and the page answers; with it, the same answer in place.
      await page.locator("#f-ssoEmail").fill("someone@no-provider.example");
      await page.locator("form.sso-entry button[type=submit]").click();
      await expect(page.locator("#f-ssoEmail-error")).toHaveText(lang === "en" ? /No organisation sign-in is set up/ : /No hay inicio de sesión de organización/);
      await fits("login-unknown-domain");
      // Password sign-in still works with both forms on the page.
      await page.locator("#f-username").fill("demo-admin");
      await page.locator("#f-password").fill("frontline-demo");
      await page.locator("main form:has(#f-password) button[type=submit]").click();
      await page.waitForURL((u) => u.pathname === "/admin");
      await page.goto(`${server.origin}/admin/sso`);
      await fits("admin-sso");
      await context.clearCookies();
      const res = await page.goto(`${server.origin}/sso/callback?code=x&state=y`);
      expect(res?.status()).toBe(400);
      await fits("callback-error");
      await context.close();
    });
  }
}

test("the login page stays light: the SSO form adds under 2 KB of HTML", async () => {
  const off = await startServer({ PUBLIC_URL: undefined });
  try {
    const size = async (s: TestServer) => (await (await s.request("/login", { headers: { "Accept-Language": "en" } })).text()).length;
    const [without, withSso] = [await size(off), await size(server)];
    console.log(`[sso] /login HTML: ${without} bytes with SSO off, ${withSso} with SSO on`);
    expect(withSso - without).toBeLessThan(2048);
  } finally {
    await off.stop();
  }
});
