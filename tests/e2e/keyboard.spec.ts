/**
 * A keyboard-only journey from the join link to the certificate: every field, choice and
 * button is reached with Tab (or arrow keys inside a radio group) and used with the keyboard;
 * focus is always visible. (The test moves the server's clock instead of waiting.)
 */
import fs from "node:fs";
import path from "node:path";
import { expect, test, type Locator, type Page } from "@playwright/test";
import YAML from "yaml";

const quiz = YAML.parse(fs.readFileSync(path.resolve("content/courses/recognize-and-respond/quiz.yaml"), "utf8")) as {
  questions: { id: string; choices: { id: string; correct?: boolean }[] }[];
};
const correct = new Map(quiz.questions.map((q) => [q.id, q.choices.filter((c) => c.correct).map((c) => c.id)]));

/** Presses Tab until `target` has focus (at most 300 times), checking the focus is visible. */
async function tabTo(page: Page, target: Locator) {
  for (let i = 0; i < 300; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) {
      const outline = await target.evaluate((el) => {
        const s = getComputedStyle(el);
        return s.outlineStyle !== "none" && s.outlineWidth !== "0px" ? s.outlineWidth : s.boxShadow;
      });
      expect(outline, "focus must be visible").not.toMatch(/^(none|0px)?$/);
      return;
    }
    await page.keyboard.press("Tab");
  }
  throw new Error(`Tab never reached ${target}`);
}

async function type(page: Page, target: Locator, text: string) {
  await tabTo(page, target);
  await page.keyboard.type(text);
}

test("join, learn, take the quiz and reach the certificate with the keyboard alone", async ({ page }) => {
  await page.goto("/join/LAKESIDE-INN");
  await type(page, page.getByLabel("Your full name"), "Kim Keyboard");
  await type(page, page.getByLabel("Choose a username"), "kim-keyboard");
  await type(page, page.getByLabel("Choose a password"), "arrows and tabs all day");
  await tabTo(page, page.getByLabel("Front desk, concierge, bell or valet"));
  await page.keyboard.press("Space");
  await expect(page.getByLabel("Front desk, concierge, bell or valet")).toBeChecked();
  await tabTo(page, page.getByRole("button", { name: "Create account and start" }));
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/learn$/);

  await tabTo(page, page.getByRole("link", { name: "Start the course" }));
  await page.keyboard.press("Enter");
  for (let guard = 0; !page.url().endsWith("/quiz"); guard++) {
    expect(guard).toBeLessThan(20);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    const minutes = Number(/about (\d+)/.exec(await page.locator("article .meta").first().innerText())?.[1]);
    expect((await page.request.post("/__test/clock", { data: { advanceMs: minutes * 60_000 } })).ok()).toBe(true);
    const before = page.url();
    await tabTo(page, page.getByRole("button", { name: /Mark as done and continue|Next/ }));
    await page.keyboard.press("Enter");
    await page.waitForURL((u) => u.toString() !== before);
  }

  await expect(page.getByRole("heading", { name: "Quiz", exact: true })).toBeVisible();
  const questions = page.locator("fieldset.question");
  const count = await questions.count();
  for (let i = 0; i < count; i++) {
    const q = questions.nth(i);
    const id = (await q.locator("input").first().getAttribute("name"))!.slice(2);
    for (const choice of correct.get(id)!) {
      const input = q.locator(`input[value="${choice}"]`);
      if ((await input.getAttribute("type")) === "radio") {
        // Into the group with Tab, then arrow keys move the choice.
        await tabTo(page, q.locator("input").first());
        for (let k = 0; k < 10 && !(await input.isChecked()); k++) await page.keyboard.press("ArrowDown");
        if (!(await input.isChecked())) await page.keyboard.press("Space");
      } else {
        await tabTo(page, input);
        await page.keyboard.press("Space");
      }
      await expect(input).toBeChecked();
    }
  }
  await tabTo(page, page.getByLabel(/I completed this training myself/));
  await page.keyboard.press("Space");
  await tabTo(page, page.getByRole("button", { name: "Submit my answers" }));
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/certificates\/[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}$/);
  await expect(page.getByRole("heading", { name: "Your certificate" })).toBeVisible();
  await tabTo(page, page.getByRole("link", { name: "Download PDF" }));
});
