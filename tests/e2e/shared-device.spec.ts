/**
 * A break-room tablet in shared-device mode (ADR 028): the admin turns the mode on for a site,
 * the tablet opens the site's link, a worker finishes there and the next person starts clean;
 * the back button shows nothing of the last worker; idle sessions end (the server's clock for
 * the server, Playwright's fake clock for the page's timer).
 */
import fs from "node:fs";
import path from "node:path";
import { expect, test, type Browser, type Page } from "@playwright/test";
import YAML from "yaml";

const quizFile = YAML.parse(fs.readFileSync(path.resolve("content/courses/recognize-and-respond/quiz.yaml"), "utf8")) as {
  questions: { id: string; choices: { id: string; correct?: boolean }[] }[];
};
const correctChoices = new Map(quizFile.questions.map((q) => [q.id, q.choices.filter((c) => c.correct).map((c) => c.id)]));

async function advanceClock(page: Page, minutes: number) {
  const res = await page.request.post("/__test/clock", { data: { advanceMs: minutes * 60_000 } });
  expect(res.ok()).toBe(true);
}

async function signIn(page: Page, username: string) {
  await page.getByLabel("Username or email address").fill(username);
  await page.getByLabel("Password", { exact: true }).fill("frontline-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** The admin turns the mode on for Main building, once for the whole file. */
async function turnOn(browser: Browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/login");
  await signIn(page, "demo-employer");
  await expect(page).toHaveURL(/\/employer$/);
  await page.goto("/employer/sites");
  const turnOnButton = page.getByRole("button", { name: "Turn on for Main building" });
  if (await turnOnButton.count()) {
    await turnOnButton.click();
    await expect(page.getByText("Shared-tablet mode is on for Main building.")).toBeVisible();
  }
  const link = page.getByRole("link", { name: /\/shared\/LAKESIDE-MAIN$/ });
  await expect(link).toBeVisible();
  const href = (await link.getAttribute("href"))!;
  await context.close();
  return new URL(href).pathname;
}

/** Fields whose values a browser would offer again, and whether each refuses autofill. */
async function expectNoAutofill(page: Page) {
  const forms = page.locator('main form[method="post"]');
  expect(await forms.count()).toBeGreaterThan(0);
  for (const form of await forms.all()) expect(await form.getAttribute("autocomplete")).toBe("off");
  for (const input of await page.locator('main input:not([type="hidden"]):not([type="radio"]):not([type="checkbox"])').all()) {
    expect(await input.getAttribute("autocomplete")).toBe("off");
  }
}

test.describe("shared break-room tablet", () => {
  let tabletLink: string;
  test.beforeAll(async ({ browser }) => {
    tabletLink = await turnOn(browser);
  });

  test("a new worker finishes the course on the tablet; the next person finds a clean start, and the back button shows nothing of theirs", async ({ page }) => {
    await page.goto(tabletLink);
    await expect(page).toHaveURL(/\/shared$/);
    await expect(page.getByRole("heading", { name: "Training at Main building" })).toBeVisible();
    await page.getByRole("link", { name: "New here? Start training" }).click();
    await expect(page.getByLabel("Your full name")).toBeVisible();
    await expectNoAutofill(page);
    await page.getByLabel("Your full name").fill("Lan Nguyễn");
    await page.getByLabel("Choose a username").fill("tablet-lan");
    await page.getByLabel("Choose a password").fill("a long enough password");
    await page.getByLabel("Housekeeping").check();
    await page.getByRole("button", { name: "Create account and start" }).click();
    await expect(page.getByRole("heading", { name: "Hello, Lan Nguyễn" })).toBeVisible();
    await expect(page.getByTestId("shared-device-bar")).toContainText("Shared tablet at Main building");

    await page.getByRole("link", { name: "Start the course" }).click();
    let guard = 0;
    while (!page.url().endsWith("/quiz")) {
      expect(++guard).toBeLessThan(20);
      const meta = await page.locator("article .meta").first().innerText();
      await advanceClock(page, Number(/about (\d+)/.exec(meta)?.[1]));
      const before = page.url();
      await page.getByRole("button", { name: /Mark as done and continue|Next/ }).click();
      await page.waitForURL((url) => url.toString() !== before);
    }
    const questions = page.locator("fieldset.question");
    await expect(questions).toHaveCount(10);
    await expectNoAutofill(page);
    for (let i = 0; i < 10; i++) {
      const id = (await questions.nth(i).locator("input").first().getAttribute("name"))!.slice(2);
      for (const c of correctChoices.get(id)!) await questions.nth(i).locator(`input[value="${c}"]`).check();
    }
    await page.getByLabel(/I completed this training myself/).check();
    await page.getByRole("button", { name: "Submit my answers" }).click();

    // Passed: signed out, back at the start page, which names no one.
    await expect(page).toHaveURL(/\/shared\?ended=passed$/);
    await expect(page.getByText("You passed! Your certificate is saved in your account.")).toBeVisible();
    await expect(page.getByRole("link", { name: "Sign in", exact: true })).toBeVisible();
    expect(await page.locator("body").innerText()).not.toContain("Lan");

    // The back button: the quiz page is asked for again (no-store) and the server has no session for it.
    await page.goBack();
    await expect(page).toHaveURL(/\/login\?redirectTo=/);
    const body = await page.locator("body").innerText();
    expect(body).not.toContain("Lan Nguyễn");
    expect(body).not.toContain("Submit my answers");

    // The next person starts clean: an empty join form.
    await page.goto("/shared");
    await page.getByRole("link", { name: "New here? Start training" }).click();
    await expect(page.getByLabel("Your full name")).toHaveValue("");
    await expect(page.getByLabel("Choose a username")).toHaveValue("");
  });

  test("\"I'm done\" signs out; the page's idle timer warns, keeps a worker who is still there, and signs out one who is not", async ({ page }) => {
    await page.clock.install();
    await page.goto(tabletLink);
    await page.getByRole("link", { name: "I have an account: sign in" }).click();
    await expect(page.getByLabel("Username or email address")).toBeVisible();
    await expectNoAutofill(page);
    await signIn(page, "demo-certified");
    await expect(page.getByRole("heading", { name: "Hello, José Núñez" })).toBeVisible();
    await page.getByRole("button", { name: "I’m done: sign out" }).click();
    await expect(page).toHaveURL(/\/shared\?ended=done$/);
    await expect(page.getByText("You are signed out. Nothing of your session is left on this tablet.")).toBeVisible();
    await page.goBack();
    expect(await page.locator("body").innerText()).not.toContain("José");

    // Idle: a warning a minute before the limit; "I'm still here" starts the count again.
    await page.goto("/login");
    await signIn(page, "demo-certified");
    await expect(page.getByRole("heading", { name: "Hello, José Núñez" })).toBeVisible();
    await page.clock.fastForward("05:01");
    const warning = page.getByRole("alertdialog", { name: "Are you still there?" });
    await expect(warning).toBeVisible();
    await page.getByRole("button", { name: "I’m still here" }).click();
    await expect(warning).toBeHidden();
    await page.clock.fastForward("04:00");
    await expect(page.getByRole("heading", { name: "Hello, José Núñez" })).toBeVisible();
    // Then away: at the limit the page leaves for the start page, which signs out.
    await page.clock.fastForward("02:01");
    await expect(page).toHaveURL(/\/shared\?ended=idle$/);
    await expect(page.getByText("The last session ended after a few minutes without activity.")).toBeVisible();
    await page.goto("/learn");
    await expect(page).toHaveURL(/\/login\?redirectTo=%2Flearn$/);
  });

  test("without JavaScript: the server ends an idle session, and the page carries a refresh to the start page", async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(tabletLink);
    await page.getByRole("link", { name: "I have an account: sign in" }).click();
    await expect(page.getByLabel("Username or email address")).toBeVisible();
    await expectNoAutofill(page);
    await signIn(page, "demo-certified");
    await expect(page.getByRole("heading", { name: "Hello, José Núñez" })).toBeVisible();
    await expect(page.locator('meta[http-equiv="refresh"]')).toHaveAttribute("content", "365;url=/shared?idle=1");
    await advanceClock(page, 7);
    await page.reload();
    await expect(page).toHaveURL(/\/login\?redirectTo=%2Flearn$/);
    expect(await page.locator("body").innerText()).not.toContain("José");
    await context.close();
  });
});
