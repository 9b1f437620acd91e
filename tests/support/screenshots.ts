/**
 * npm run docs:screenshots — the worker's journey as a phone shows it (360 × 740 px), in English
 * and Spanish, written to docs/screenshots/ for the README. Runs the production build (run
 * `npx remix vite:build` first) on a fresh seeded database, in Debian's Chromium.
 */
import fs from "node:fs";
import path from "node:path";
import { chromium, type Page } from "@playwright/test";
import { startServer } from "./server.ts";

const OUT = path.resolve("docs/screenshots");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

const server = await startServer({ PUBLIC_URL: undefined });
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu"] });
fs.mkdirSync(OUT, { recursive: true });
try {
  for (const lang of ["en", "es"] as const) {
    const context = await browser.newContext({
      viewport: { width: 360, height: 740 },
      deviceScaleFactor: 1,
      locale: lang === "es" ? "es-US" : "en-US",
      extraHTTPHeaders: { "Accept-Language": lang },
    });
    const page = await context.newPage();
    const shot = async (step: string, url: string) => {
      await page.goto(server.origin + url);
      await page.waitForLoadState("networkidle");
      const file = path.join(OUT, `worker-${step}-${lang}.png`);
      await page.screenshot({ path: file });
      console.log(path.relative(process.cwd(), file));
    };
    await shot("1-join", "/join/LAKESIDE-INN");
    await signIn(page, "demo-worker");
    await shot("2-course", "/learn");
    await shot("3-module", "/learn/recognize-and-respond/who-to-call");
    await page.context().clearCookies();
    await signIn(page, "demo-certified");
    await page.goto(`${server.origin}/learn`);
    const certificate = await page.locator('a[href^="/certificates/"]').first().getAttribute("href");
    if (certificate) await shot("4-certificate", certificate);
    await context.close();
  }
} finally {
  await browser.close();
  await server.stop();
}

async function signIn(page: Page, username: string) {
  await page.goto(`${server.origin}/login`);
  await page.fill("#f-username", username);
  await page.fill("#f-password", "frontline-demo");
  await page.click("form:has(#f-username) button[type=submit]");
  await page.waitForURL((u) => !u.pathname.startsWith("/login"));
}
