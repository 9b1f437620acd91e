import fs from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { formatDate } from "#app/i18n/format.ts";
import { pdfText } from "../support/pdf.ts";
import { signIn } from "../support/demo-pages.ts";

/** Calendar-day arithmetic from today (the server's clock may only be ahead by minutes here). */
const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const HEADER = "name,employee_id,role,site,hire_date,email,phone,language";

async function choose(page: Page, label: string, csv: string) {
  await page.getByLabel(label).setInputFiles({ name: "staff.csv", mimeType: "text/csv", buffer: Buffer.from(csv, "utf8") });
}

test.describe("employer tools", () => {
  test("import: a sample file to download; the preview shows each new worker's language, warns of a future hire date, and names valid roles by their labels", async ({ page }) => {
    await signIn(page, "demo-employer");
    await page.goto("/employer/import");
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download a sample file (CSV)" }).click()]);
    const sample = fs.readFileSync((await download.path())!, "utf8").replace(/^\uFEFF/, "");
    expect(sample.split("\r\n")[0]).toBe(HEADER);
    expect(sample).toContain("Housekeeping or laundry");

    await choose(page, "CSV file", `${HEADER}\nRay Role,E2T-0,astronaut,,${day(-5)},,,\n`);
    await page.getByRole("button", { name: "Check the file" }).click();
    await expect(page.getByText(/role "astronaut" is not one of: "Front desk, concierge, bell or valet"; "Housekeeping or laundry"/)).toBeVisible();

    await choose(page, "CSV file", `${HEADER}\nLan Nguyen,E2T-1,Housekeeping or laundry,Main building,${day(-200)},,,es\nFay Future,E2T-9,Security,,${day(20)},,,\n`);
    await page.getByRole("button", { name: "Check the file" }).click();
    await expect(page.getByRole("heading", { name: "1 hire date is in the future" })).toBeVisible();
    await expect(page.getByText(`Line 3: Fay Future (E2T-9), hired ${formatDate(day(20), "en")}`)).toBeVisible();
    await expect(page.getByRole("columnheader", { name: "Language" })).toBeVisible();
    await expect(page.getByRole("row", { name: /Lan Nguyen/ }).getByRole("cell", { name: "Español" })).toBeVisible();
    await page.getByRole("link", { name: "Cancel" }).click();

    await choose(page, "CSV file", `${HEADER}\nLan Nguyen,E2T-1,Housekeeping or laundry,Main building,${day(-200)},,,es\nOmar Overdue,E2T-2,Security,,${day(-100)},omar@example.org,,en\nPia Parting,E2T-3,Security,,${day(-30)},,,\n`);
    await page.getByRole("button", { name: "Check the file" }).click();
    await page.getByRole("button", { name: "Import these changes" }).click();
    await expect(page.getByText(/Imported: 3 added/)).toBeVisible();
  });

  test("without JavaScript: after an import, the people not in the file are previewed and marked as left with one date", async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await signIn(page, "demo-employer");
    await page.goto("/employer/import");
    await choose(page, "CSV file", `${HEADER}\nLan Nguyen,E2T-1,Housekeeping or laundry,Main building,${day(-200)},,,es\n`);
    await page.getByRole("button", { name: "Check the file" }).click();
    await page.getByRole("button", { name: "Import these changes" }).click();
    await expect(page.getByRole("heading", { name: "Not in the file (did they leave?)" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Pia Parting" })).toBeVisible();
    await page.getByLabel("Last day worked").fill(day(-1));
    await page.getByRole("button", { name: /^Mark these \d+ people as left/ }).click();

    await expect(page.getByRole("heading", { name: /^\d+ people will be recorded as having left on / })).toBeVisible();
    // Everyone else is still here: untick all but Pia.
    for (const box of await page.getByRole("checkbox").all()) {
      if ((await box.getAttribute("aria-label")) !== "Pia Parting left") await box.uncheck();
    }
    await page.getByRole("button", { name: /^Mark the people ticked as left on / }).click();
    await expect(page.getByText(/^1 person recorded as having left on /)).toBeVisible();

    await page.goto("/employer/roster?q=E2T-3&status=former");
    await expect(page.getByRole("row", { name: /Pia Parting/ })).toBeVisible();
    await page.goto("/employer/roster?q=E2T-2");
    await expect(page.getByRole("row", { name: /Omar Overdue/ }).getByText(/left/i)).toHaveCount(0);
    await context.close();
  });

  test("reminders: who would be reminded and when before anything is sent; send now; the monthly report can be turned off", async ({ page }) => {
    await signIn(page, "demo-employer");
    await page.goto("/employer/reminders");
    await expect(page.getByRole("heading", { name: "Who will be reminded" })).toBeVisible();
    const omar = page.getByRole("row", { name: /Omar Overdue/ });
    await expect(omar.getByText(/^Training overdue since /)).toBeVisible();
    await expect(omar.getByText("Today")).toBeVisible();
    // Ana Torres (hired 70 days ago, 90-day rule): her reminder starts 6 days later, so a run that crosses midnight after the demo was seeded still sees a later day.
    await expect(page.getByRole("row", { name: /Ana Torres/ }).getByText(/^On /)).toBeVisible();

    await page.getByRole("button", { name: /^Send now to (the|all) \d+ overdue worker/ }).click();
    await expect(page.getByText(/reminders? queued: email sending is not set up/)).toBeVisible();
    await expect(page.getByRole("row", { name: /^\w+ \d{1,2}, \d{4} at \d{1,2}:\d{2}\s[AP]M C[SD]T omar@example\.org/ })).toBeVisible();
    await page.getByRole("button", { name: "Send the reminder to Omar Overdue now" }).click();
    await expect(page.getByText("1 reminder queued: email sending is not set up, so it waits in the list below.")).toBeVisible();

    await expect(page.getByText("You get it (on).")).toBeVisible();
    await page.getByRole("button", { name: "Turn it off" }).click();
    await expect(page.getByText("The monthly report is off: you will not get it by email.")).toBeVisible();
    await page.getByRole("button", { name: "Turn it on" }).click();
    await expect(page.getByText("You get it (on).")).toBeVisible();
  });

  test("a worker who has not joined: the join slip is linked from the roster, and names them", async ({ page }) => {
    await signIn(page, "demo-employer");
    await page.goto("/employer/roster?q=LI-1003");
    const link = page.getByRole("link", { name: "Print their join slip (PDF): Ana Torres" });
    await expect(link).toBeVisible();
    const res = await page.request.get((await link.getAttribute("href"))!);
    expect(res.status()).toBe(200);
    expect(res.headers()["content-type"]).toBe("application/pdf");
    expect((await pdfText(new Uint8Array(await res.body()))).text).toContain("Ana Torres");
  });
});
