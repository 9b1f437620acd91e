/**
 * Open Badges 3.0 (ADR 031) in a browser at 360 px: from the verify page to the badge check,
 * paste the downloaded file and read the answer, in English and Spanish, with JavaScript and
 * without. The shared e2e server runs with the feature off (a fresh install), so this spec runs
 * its own production server with OPEN_BADGES=1.
 */
import Database from "better-sqlite3";
import { expect, test } from "@playwright/test";
import { startServer, type TestServer } from "../support/server.ts";

let server: TestServer;
let badge: string;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  server = await startServer({ OPEN_BADGES: "1" });
  const db = new Database(server.dbPath, { readonly: true });
  const { code } = db.prepare("SELECT c.code FROM certificates c JOIN users u ON u.id = c.user_id WHERE u.username = 'demo-certified'").get() as { code: string };
  db.close();
  badge = await (await server.request(`/credentials/${code}`)).text();
});

test.afterAll(async () => {
  await server?.stop();
});

const cases = [
  { locale: "en-US", link: "Check the badge", label: "Badge text", submit: "Check the badge", valid: "Valid. We issued this badge", bad: "This is not a badge." },
  { locale: "es-MX", link: "Verifique la insignia", label: "Texto de la insignia", submit: "Verificar la insignia", valid: "Válida. Nosotros emitimos esta insignia", bad: "Esto no es una insignia." },
];

for (const c of cases) {
  for (const javaScriptEnabled of [true, false]) {
    test(`pastes a badge and reads the answer (${c.locale}, JavaScript ${javaScriptEnabled ? "on" : "off"}, 360 px)`, async ({ browser }) => {
      const context = await browser.newContext({ locale: c.locale, javaScriptEnabled, viewport: { width: 360, height: 800 } });
      const page = await context.newPage();
      await page.goto(`${server.origin}/verify`);
      await page.getByRole("link", { name: c.link }).click();
      await expect(page).toHaveURL(/\/verify\/credential$/);
      await page.getByLabel(c.label).fill(badge);
      await page.getByRole("button", { name: c.submit }).click();
      await expect(page.getByRole("status")).toContainText(c.valid);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      // Something that is not a badge: the page says so.
      await page.getByLabel(c.label).fill("not a badge");
      await page.getByRole("button", { name: c.submit }).click();
      await expect(page.getByRole("alert")).toContainText(c.bad);
      await context.close();
    });
  }
}
