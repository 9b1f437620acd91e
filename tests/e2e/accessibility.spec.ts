/**
 * axe-core on every page a person reaches, as each kind of account, at phone width and
 * desktop width: no serious or critical violation (WCAG 2.1 A and AA rules), and no page
 * wider than the screen.
 */
import AxeBuilder from "@axe-core/playwright";
import Database from "better-sqlite3";
import { expect, test, type Page } from "@playwright/test";

async function signIn(page: Page, username: string) {
  await page.goto("/login");
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill("frontline-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForLoadState("networkidle");
}

async function audit(page: Page, url: string) {
  const res = await page.goto(url);
  expect(res?.status(), url).toBeLessThan(400);
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  // Nothing wider than the screen: at 360 px, wide tables scroll inside their box.
  const width = page.viewportSize()!.width;
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
  const tooWide = overflow > width ? [`${url}: the page is ${overflow} px wide on a ${width} px screen`] : [];
  return tooWide.concat(results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${url}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`));
}

function ids() {
  const db = new Database(process.env.E2E_DATABASE_PATH!, { readonly: true });
  const one = <T>(sql: string) => db.prepare(sql).get() as T;
  const out = {
    code: one<{ code: string }>("SELECT c.code FROM certificates c JOIN users u ON u.id = c.user_id WHERE u.username = 'demo-certified'").code,
    employment: one<{ id: string }>("SELECT e.id FROM employments e JOIN users u ON u.id = e.user_id WHERE u.username = 'demo-certified'").id,
    employer: one<{ id: string }>("SELECT id FROM employers WHERE join_code = 'LAKESIDE-INN'").id,
  };
  db.close();
  return out;
}

const PAGES: [string, (x: ReturnType<typeof ids>) => string[]][] = [
  ["", () => ["/", "/login", "/verify", "/forgot", "/reset", "/join/LAKESIDE-INN", "/transparency"]],
  ["demo-certified", (x) => ["/learn", "/learn/recognize-and-respond/what-is-trafficking", "/learn/recognize-and-respond/quiz", `/certificates/${x.code}`, `/verify/${x.code}`, "/account", "/account/password"]],
  [
    "demo-employer",
    (x) => ["/employer", "/employer/roster", "/employer/workers/new", `/employer/workers/${x.employment}`, "/employer/import", "/employer/sites", "/employer/attestations", "/employer/reminders"],
  ],
  ["demo-council", (x) => ["/council", "/council/employers", `/council/employers/${x.employer}`]],
  ["demo-admin", () => ["/admin", "/admin/certificates", "/admin/audit"]],
];

for (const width of [360, 1280]) {
  test.describe(`axe at ${width} px`, () => {
    test.use({ viewport: { width, height: 900 } });
    for (const [user, urls] of PAGES) {
      test(`every page ${user ? `of ${user}` : "open to anyone"}: no serious or critical violation`, async ({ page }) => {
        if (user) await signIn(page, user);
        const problems: string[] = [];
        for (const url of urls(ids())) problems.push(...(await audit(page, url)));
        expect(problems).toEqual([]);
      });
    }
  });
}

test("a module page's first load transfers at most 100 KB, compressed", async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, "demo-worker");
  // A new page in a fresh cache-less session: count every byte the module page pulls in.
  const fresh = await browser.newContext({ storageState: await context.storageState() });
  const tab = await fresh.newPage();
  const cdp = await fresh.newCDPSession(tab);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  let bytes = 0;
  cdp.on("Network.loadingFinished", (e: { encodedDataLength: number }) => (bytes += e.encodedDataLength));
  await tab.goto("/learn/recognize-and-respond/what-is-trafficking", { waitUntil: "networkidle" });
  await expect(tab.getByRole("heading", { level: 1 })).toBeVisible();
  console.log(`[page weight] module page, first load: ${(bytes / 1024).toFixed(1)} KB`);
  expect(bytes).toBeGreaterThan(10_000);
  expect(bytes).toBeLessThanOrEqual(100 * 1024);
  await fresh.close();
  await context.close();
});
