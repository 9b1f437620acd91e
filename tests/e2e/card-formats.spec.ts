/** The red-flags card's pocket and phone forms, from /learn after passing (ADR 029). */
import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { pdfText } from "../support/pdf.ts";

test("a certified worker downloads the wallet card and the phone image from /learn", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Username or email address").fill("demo-certified");
  await page.getByLabel("Password", { exact: true }).fill("frontline-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Hello, José Núñez" })).toBeVisible();
  const passed = page.locator(".notice.ok");
  await expect(passed.getByText("Wallet size, to print, cut out and fold:")).toBeVisible();
  await expect(passed.getByText("An image to keep in your phone’s photos:")).toBeVisible();

  const wallet = passed.locator('a[href="/learn/card.pdf?format=wallet&lang=es"]');
  const [walletDownload] = await Promise.all([page.waitForEvent("download"), wallet.click()]);
  const sheet = await pdfText(new Uint8Array(fs.readFileSync((await walletDownload.path())!)));
  expect(sheet.pages).toBe(1);
  expect(sheet.text).toContain("Recepción: señales de alerta");
  expect(sheet.text).toContain("1-888-373-7888");

  const phone = passed.locator('a[href="/learn/card.png?lang=en"]');
  const [phoneDownload] = await Promise.all([page.waitForEvent("download"), phone.click()]);
  expect(phoneDownload.suggestedFilename()).toBe("red-flags-front-desk-en.png");
  const png = fs.readFileSync((await phoneDownload.path())!);
  expect(png.subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a");
  expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1080, 1920]);
});
