/**
 * Every page a person reaches, by demo account ("" for pages open to anyone), for the end-to-end
 * checks that walk them all (accessibility.spec.ts, layout-words.spec.ts). Ids come from the
 * e2e database the Playwright config seeds.
 */
import Database from "better-sqlite3";
import type { Page } from "@playwright/test";
import { SESSION_COOKIE_HTTP, SESSION_COOKIE_HTTPS } from "#app/server/session-cookie.ts";

/** Whether a browser cookie is the app's session cookie (either name, app/server/session-cookie.ts). */
export const isSessionCookie = (c: { name: string }) => c.name === SESSION_COOKIE_HTTP || c.name === SESSION_COOKIE_HTTPS;

/**
 * Signs in through the form and returns once the session cookie is set: a helper that returned
 * on the sign-in page left a caller measuring that page instead of its own (seen in 7 of 16
 * repeated runs of the first-load test, the form submitted before hydration and never posted).
 */
export async function signIn(page: Page, username: string) {
  // Hydrated (or, without JavaScript, loaded) before typing, so nothing typed is lost.
  await page.goto("/login", { waitUntil: "networkidle" });
  // By id: the labels are in the page's language.
  await page.locator("#f-username").fill(username);
  await page.locator("#f-password").fill("frontline-demo");
  await page.locator("main button[type=submit]").click();
  // Signed in once the post has led away from the sign-in page.
  await page.waitForURL((u) => !u.pathname.startsWith("/login"));
  await page.waitForLoadState("networkidle");
  const url = new URL(page.url());
  const cookies = await page.context().cookies();
  if (url.pathname.startsWith("/login") || !cookies.some(isSessionCookie))
    throw new Error(`sign-in as ${username} did not take: at ${url.pathname}, cookies ${cookies.map((c) => c.name).join(", ") || "none"}`);
}

export function demoIds() {
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

export type DemoIds = ReturnType<typeof demoIds>;

export const DEMO_PAGES: [user: string, urls: (x: DemoIds) => string[]][] = [
  ["", () => ["/", "/login", "/verify", "/verify/credential", "/forgot", "/reset", "/join/LAKESIDE-INN", "/transparency", "/laws", "/laws/us-tx-lodging"]],
  ["demo-worker", () => ["/learn", "/learn/recognize-and-respond/what-is-trafficking", "/learn/recognize-and-respond/who-to-call", "/account", "/account/password"]],
  ["demo-certified", (x) => ["/learn", "/learn/recognize-and-respond/what-is-trafficking", "/learn/recognize-and-respond/who-to-call", "/learn/recognize-and-respond/quiz", `/certificates/${x.code}`, `/verify/${x.code}`, "/account", "/account/password"]],
  [
    "demo-employer",
    (x) => ["/employer", "/employer/roster", "/employer/workers/new", `/employer/workers/${x.employment}`, "/employer/import", "/employer/sites", "/employer/attestations", "/employer/reminders", "/employer/api", "/employer/webhooks"],
  ],
  ["demo-council", (x) => ["/council", "/council/employers", `/council/employers/${x.employer}`]],
  ["demo-admin", () => ["/admin", "/admin/certificates", "/admin/audit"]],
];

/** Waits until Remix has hydrated the page (its router exists, initialized, only after hydration). */
export async function waitForHydration(page: Page) {
  await page.waitForFunction(() => (window as { __remixRouter?: { state: { initialized: boolean } } }).__remixRouter?.state.initialized === true);
}
