// Runs last of the end-to-end files (Playwright takes files in name order, one worker): its
// employer-admin test resets demo-worker's password, and the demo password cannot be chosen
// again, so every spec that signs in as demo-worker must come before this one.
import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import Database from "better-sqlite3";
import YAML from "yaml";
import { pdfText } from "../support/pdf.ts";

/** Which choices are right, read from the course files (the page never says). */
const quizFile = YAML.parse(fs.readFileSync(path.resolve("content/courses/recognize-and-respond/quiz.yaml"), "utf8")) as {
  questions: { id: string; choices: { id: string; correct?: boolean }[] }[];
};
const correctChoices = new Map(quizFile.questions.map((q) => [q.id, q.choices.filter((c) => c.correct).map((c) => c.id)]));

async function advanceClock(page: Page, minutes: number) {
  const res = await page.request.post("/__test/clock", { data: { advanceMs: minutes * 60_000 } });
  expect(res.ok()).toBe(true);
}

async function joinAndLearn(page: Page, opts: { joinCode: string; name: string; username: string; roleLabel: string }) {
  await page.goto(`/join/${opts.joinCode}`);
  await page.getByLabel("Your full name").fill(opts.name);
  await page.getByLabel("Choose a username").fill(opts.username);
  await page.getByLabel("Choose a password").fill("a long enough password");
  await page.getByLabel(opts.roleLabel).check();
  await page.getByRole("button", { name: "Create account and start" }).click();
  await expect(page).toHaveURL(/\/learn$/);
  await expect(page.getByRole("heading", { name: `Hello, ${opts.name}` })).toBeVisible();

  await page.getByRole("link", { name: "Start the course" }).click();
  // Complete every module: the server enforces the minimum time, the test moves its clock.
  let guard = 0;
  while (!page.url().endsWith("/quiz")) {
    expect(++guard).toBeLessThan(20);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    const meta = await page.locator("article .meta").first().innerText();
    const minutes = Number(/about (\d+)/.exec(meta)?.[1]);
    expect(minutes).toBeGreaterThan(0);
    // Too early: the server refuses and says how long to wait.
    if (guard === 1) {
      await page.getByRole("button", { name: "Mark as done and continue" }).click();
      await expect(page.getByRole("alert").filter({ hasText: "mark it done in" })).toBeVisible();
    }
    await advanceClock(page, minutes);
    const before = page.url();
    await page.getByRole("button", { name: /Mark as done and continue|Next/ }).click();
    await page.waitForURL((url) => url.toString() !== before);
  }
}

async function answerQuiz(page: Page, right: boolean) {
  await expect(page.getByRole("heading", { name: "Quiz", exact: true })).toBeVisible();
  const questions = page.locator("fieldset.question");
  await expect(questions).toHaveCount(10);
  const count = 10;
  for (let i = 0; i < count; i++) {
    const inputs = questions.nth(i).locator("input");
    const name = await inputs.first().getAttribute("name");
    const id = name!.slice(2);
    const correct = correctChoices.get(id)!;
    if (right) {
      for (const c of correct) await questions.nth(i).locator(`input[value="${c}"]`).check();
    } else {
      const values = await inputs.evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
      await questions.nth(i).locator(`input[value="${values.find((v) => !correct.includes(v))}"]`).check();
    }
  }
  await page.getByLabel(/I completed this training myself/).check();
  await page.getByRole("button", { name: "Submit my answers" }).click();
}

async function journey(page: Page, opts: { joinCode: string; name: string; username: string; roleLabel: string }) {
  await joinAndLearn(page, opts);
  await expect(page.getByRole("heading", { name: "Quiz", exact: true })).toBeVisible();
  // The page never carries the answers.
  expect(await page.content()).not.toMatch(/"correct"|data-correct/);

  // Fail once.
  await answerQuiz(page, false);
  await expect(page.getByRole("heading", { name: "Not passed yet" })).toBeVisible();
  await expect(page.getByText(/You answered 0 of 10/)).toBeVisible();
  await page.getByRole("link", { name: "Try the quiz again" }).click();

  // Then pass.
  await answerQuiz(page, true);
  await expect(page).toHaveURL(/\/certificates\/[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}$/);
  const code = page.url().split("/").at(-1)!;
  await expect(page.getByRole("heading", { name: "Your certificate" })).toBeVisible();

  // Download the PDF; its text holds the name and the code.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download PDF" }).click()]);
  const file = await download.path();
  const { text, pages } = await pdfText(new Uint8Array(fs.readFileSync(file)));
  expect(pages).toBe(1);
  expect(text).toContain(opts.name);
  expect(text).toContain(code);

  // The red-flags card to keep, in Spanish here.
  const [cardDownload] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "español", exact: true }).first().click()]);
  const card = await pdfText(new Uint8Array(fs.readFileSync((await cardDownload.path())!)));
  expect(card.pages).toBe(1);
  expect(card.text).toContain("1-888-373-7888");
  expect(card.text).toContain("Línea Nacional Contra la Trata de Personas");

  // Anyone can verify it.
  await page.goto("/verify");
  await page.getByLabel("Certificate code").fill(code.toLowerCase());
  await page.getByRole("button", { name: "Check" }).click();
  await expect(page).toHaveURL(new RegExp(`/verify/${code}$`));
  await expect(page.getByText("This certificate is valid.")).toBeVisible();
  await expect(page.locator("dl.facts").getByText(opts.name)).toBeVisible();
  return code;
}

/** Collects Content-Security-Policy violations and script errors on the page. */
function watchForCspViolations(page: Page) {
  const problems: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to (execute|load|apply)/i.test(m.text())) problems.push(m.text());
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  return problems;
}

test.describe("worker journey with JavaScript", () => {
  test("join, learn, fail once, pass, download the PDF and verify it, with no CSP violation", async ({ page }) => {
    const problems = watchForCspViolations(page);
    await journey(page, { joinCode: "LAKESIDE-INN", name: "José Núñez Ștefănescu", username: "e2e-js", roleLabel: "Housekeeping or laundry" });
    // Remix hydrated under the nonce-based policy (its router exists only after hydration).
    expect(await page.evaluate(() => typeof (window as unknown as { __remixRouter?: unknown }).__remixRouter)).toBe("object");
    expect(problems).toEqual([]);
  });
});

test.describe("worker journey without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("the same journey works with plain HTML forms", async ({ page }) => {
    await journey(page, { joinCode: "METRO-TRANSIT", name: "Łukasz Kowalski", username: "e2e-nojs", roleLabel: "Bus or rail operator, driver" });
  });
});

test.describe("demo accounts", () => {
  test("demo-certified signs in and sees a valid certificate that verifies publicly", async ({ page }) => {
    await page.goto("/login");
    await page.getByLabel("Username").fill("demo-certified");
    await page.getByLabel("Password").fill("frontline-demo");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/learn$/);
    const link = page.getByRole("link", { name: /Recognize and respond — / });
    await expect(link).toBeVisible();
    const code = (await link.locator(".code").innerText()).trim();
    const res = await page.request.get(`/api/certificates/${code}`);
    expect(res.status()).toBe(200);
    expect(await res.json()).toMatchObject({ status: "valid", holderName: "José Núñez", employerName: "Lakeside Inn" });
  });

  test("a wrong password is refused with 401 and a message", async ({ page }) => {
    await page.goto("/login");
    await page.getByLabel("Username").fill("demo-worker");
    await page.getByLabel("Password").fill("wrong password");
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes("/login")),
      page.getByRole("button", { name: "Sign in" }).click(),
    ]);
    expect(response.status()).toBe(401);
    await expect(page.getByText("That username and password do not match")).toBeVisible();
  });
});

test.describe("employer admin", () => {
  test("issues a reset code; the worker sets a new password with it; the old password stops working", async ({ page, browser }) => {
    const problems = watchForCspViolations(page);
    await page.goto("/login");
    await page.getByLabel("Username").fill("demo-employer");
    await page.getByLabel("Password").fill("frontline-demo");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("heading", { name: "Lakeside Inn" })).toBeVisible();
    await page.getByRole("link", { name: "Roster", exact: true }).click();
    await page.getByRole("link", { name: "Maria Lopez" }).click();
    await expect(page.getByRole("heading", { name: "Maria Lopez" })).toBeVisible();
    await page.getByRole("button", { name: "Create reset code" }).click();
    const code = (await page.locator(".notice strong.code").innerText()).trim();
    expect(code).toMatch(/^[A-Z0-9]{5}-[A-Z0-9]{5}$/);
    expect(problems).toEqual([]);

    // The worker, on their own phone without JavaScript.
    const phone = await browser.newContext({ javaScriptEnabled: false });
    const worker = await phone.newPage();
    await worker.goto("/reset");
    await worker.getByLabel("Your username").fill("demo-worker");
    await worker.getByLabel("Reset code").fill(code.toLowerCase());
    await worker.getByLabel("New password").fill("my phone and my rules");
    await worker.getByRole("button", { name: "Set new password" }).click();
    await expect(worker).toHaveURL(/\/learn$/);
    await phone.close();

    // Someone with the old password, signed out: refused.
    const other = await browser.newContext();
    const res = await other.request.post("/login", {
      form: { username: "demo-worker", password: "frontline-demo" },
      headers: { Origin: new URL(page.url()).origin },
      maxRedirects: 0,
    });
    expect(res.status()).toBe(401);
    await other.close();
  });
});

test.describe("employer compliance", () => {
  test("an admin imports a CSV, sees statuses, and downloads an audit bundle whose manifest checks out", async ({ page }) => {
    const problems = watchForCspViolations(page);
    await page.goto("/login");
    await page.getByLabel("Username").fill("demo-employer");
    await page.getByLabel("Password").fill("frontline-demo");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/employer$/);
    await expect(page.getByText(/% of \d+ covered workers are compliant/)).toBeVisible();

    await page.getByRole("link", { name: "Import a CSV" }).click();
    const today = new Date();
    const longAgo = new Date(today.getTime() - 200 * 86_400_000).toISOString().slice(0, 10);
    const csv = `\uFEFFname,employee id,role,site,hire date,email,phone\r\n"Quinn, Avery",E2E-1,Housekeeping or laundry,Main building,${longAgo},,\r\n`;
    await page.getByLabel("CSV file").setInputFiles({ name: "staff.csv", mimeType: "text/csv", buffer: Buffer.from(csv, "utf8") });
    await page.getByRole("button", { name: "Check the file" }).click();
    await expect(page.getByRole("heading", { name: "Check before importing" })).toBeVisible();
    await expect(page.getByRole("row", { name: /Quinn, Avery.*E2E-1/ })).toBeVisible();
    await page.getByRole("button", { name: "Import these changes" }).click();
    await expect(page.getByText(/Imported: 1 added/)).toBeVisible();

    await page.goto("/employer/roster?q=E2E-1");
    const row = page.getByRole("row", { name: /Quinn, Avery/ });
    await expect(row.getByText("Overdue")).toBeVisible();

    const [download] = await Promise.all([page.waitForEvent("download"), page.goto("/employer").then(() => page.getByRole("link", { name: "Audit bundle (ZIP)" }).click())]);
    const { unzipSync, strFromU8 } = await import("fflate");
    const files = unzipSync(new Uint8Array(fs.readFileSync((await download.path())!)));
    const manifest = strFromU8(files["SHA256SUMS"]!).trim().split("\n");
    const crypto = await import("node:crypto");
    for (const line of manifest) {
      const [hash, name] = line.split("  ") as [string, string];
      expect(crypto.createHash("sha256").update(files[name]!).digest("hex"), name).toBe(hash);
    }
    expect(strFromU8(files["roster.csv"]!)).toContain("Quinn, Avery");
    expect(Object.keys(files).some((n) => n.startsWith("certificates/"))).toBe(true);
    expect(problems).toEqual([]);
  });
});

test.describe("state council and the public", () => {
  test("the council sees its own state's counts as accessible SVG charts, never another state's employer; the public page withholds small groups", async ({ page, browser }) => {
    const problems = watchForCspViolations(page);
    await page.goto("/login");
    await page.getByLabel("Username").fill("demo-council");
    await page.getByLabel("Password").fill("frontline-demo");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("heading", { name: "Training in Texas" })).toBeVisible();
    const chart = page.getByRole("img", { name: /Training rate in Texas, last 24 months/ });
    await expect(chart).toBeVisible();
    // Each chart comes with the table it draws.
    await expect(page.locator("figure").first().locator("table tbody tr")).toHaveCount(24);
    expect(await page.content()).not.toMatch(/Maria Lopez|José Núñez/);
    await page.getByRole("link", { name: "Lakeside Inn" }).first().click();
    await expect(page.getByRole("heading", { name: "Lakeside Inn" })).toBeVisible();
    // Metro Transit (California) does not exist for a Texas auditor.
    const dbFile = new Database(process.env.E2E_DATABASE_PATH!, { readonly: true });
    const metro = dbFile.prepare("SELECT id FROM employers WHERE join_code = 'METRO-TRANSIT'").get() as { id: string };
    dbFile.close();
    expect((await page.request.get(`/council/employers/${metro.id}`)).status()).toBe(404);
    expect(problems).toEqual([]);

    const visitor = await browser.newContext({ javaScriptEnabled: false });
    const pub = await visitor.newPage();
    await pub.goto("/transparency");
    await expect(pub.getByRole("heading", { name: "Texas" })).toBeVisible();
    // Metro Transit is California's only employer here, with fewer than 5 covered workers: withheld.
    await expect(pub.getByRole("heading", { name: "California" })).toBeVisible();
    await expect(pub.getByText("suppressed: fewer than 5 workers or 3 employers").first()).toBeAttached();
    const json = (await (await pub.request.get("/transparency.json")).json()) as { rows: { jurisdiction: string; covered: number | null; suppressed: boolean }[] };
    expect(json.rows.find((r) => r.jurisdiction === "US-CA")).toMatchObject({ suppressed: true, covered: null });
    // Every row either is withheld or describes at least 5 workers.
    for (const r of json.rows) expect(r.suppressed ? r.covered === null : (r.covered ?? 0) >= 5).toBe(true);
    await visitor.close();
  });
});
