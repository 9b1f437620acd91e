/**
 * The worker's module and quiz pages (issue 16): the pacing notice where the eye is, the
 * countdown, the sections' outline, read aloud, and the quiz's validation — at 360 px, with and
 * without JavaScript, in English and Spanish.
 */
import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import { waitForHydration } from "../support/demo-pages.ts";
import { MODULE_SOURCES_ID } from "#app/components/module-sources.tsx";

const PHONE = { width: 360, height: 740 };

async function advanceServerClock(page: Page, ms: number) {
  expect((await page.request.post("/__test/clock", { data: { advanceMs: ms } })).ok()).toBe(true);
}

async function join(page: Page, username: string, lang: "en" | "es") {
  await page.goto("/join/LAKESIDE-INN");
  const en = lang === "en";
  await page.getByLabel(en ? "Your full name" : "Su nombre completo").fill("Thảo Nguyễn");
  await page.getByLabel(en ? "Choose a username" : "Elija un nombre de usuario").fill(username);
  await page.getByLabel(en ? "Choose a password" : "Elija una contraseña").fill("a long enough password");
  await page.getByLabel(en ? "Housekeeping or laundry" : "Limpieza de habitaciones o lavandería").check();
  await page.getByRole("button", { name: en ? "Create account and start" : "Crear cuenta y empezar" }).click();
  await expect(page).toHaveURL(/\/learn$/);
  await page.getByRole("link", { name: en ? "Start the course" : "Empezar el curso" }).click();
  await expect(page).toHaveURL(/\/learn\/recognize-and-respond\/what-is-trafficking$/);
}

function moduleMinutes(meta: string): number {
  const minutes = Number(/(?:about|unos) (\d+) min/.exec(meta)?.[1]);
  expect(minutes, meta).toBeGreaterThan(0);
  return minutes;
}

/** Completes the remaining modules by moving the server's clock (ADR 005). */
async function finishModules(page: Page, lang: "en" | "es") {
  const done = lang === "en" ? /Mark as done and continue|^Next$/ : /Marcar como terminada y continuar|^Siguiente$/;
  for (let guard = 0; !page.url().endsWith("/quiz"); guard++) {
    expect(guard).toBeLessThan(20);
    const minutes = moduleMinutes(await page.locator("article .meta").first().innerText());
    await advanceServerClock(page, minutes * 60_000);
    const before = page.url();
    await page.getByRole("button", { name: done }).click();
    await page.waitForURL((u) => u.toString() !== before);
  }
}

/** A stand-in for the browser's speech synthesis: records what is spoken, in which language. */
function stubSpeech(context: BrowserContext, voiceLangs: string[]) {
  return context.addInitScript((langs: string[]) => {
    const w = window as unknown as Record<string, unknown>;
    const spoken: { text: string; lang: string; onend?: () => void }[] = [];
    w.__spoken = spoken;
    w.__cancels = 0;
    w.SpeechSynthesisUtterance = class {
      text: string;
      lang = "";
      voice: unknown = null;
      onend?: () => void;
      constructor(text: string) {
        this.text = text;
      }
    };
    Object.defineProperty(window, "speechSynthesis", {
      configurable: true,
      value: {
        getVoices: () => langs.map((lang, i) => ({ lang, name: `voice-${lang}`, localService: true, default: i === 0, voiceURI: lang })),
        speak: (u: { text: string; lang: string; onend?: () => void }) => spoken.push(u),
        cancel: () => ((w.__cancels as number)++),
        pause() {},
        resume() {},
        addEventListener() {},
        removeEventListener() {},
      },
    });
    /** Ends the utterance being spoken, as the engine would. */
    w.__finish = () => spoken.at(-1)?.onend?.();
  }, voiceLangs);
}

/** The section bodies' elements on a module page (app/domain/module-sections.ts, sectionBodyId). */
/** The elements a module page fills with document HTML (app/components/document-html.tsx): each section's body, the list of sources. */
const BODIES = `#module-body div[id^='s-'], #${MODULE_SOURCES_ID}`;
/** The text of each section body and of the sources in the server's document for `path`: what a reader without JavaScript gets. */
async function servedBodies(page: Page, path: string): Promise<string[]> {
  const html = await (await page.request.get(path)).text();
  return page.evaluate(([h, sel]) => [...new DOMParser().parseFromString(h, "text/html").querySelectorAll(sel)].map((e) => e.textContent ?? ""), [html, BODIES] as const);
}
/** The same texts as the page shows them now. */
const shownBodies = (page: Page) => page.locator(BODIES).evaluateAll((els) => els.map((e) => e.textContent ?? ""));

const spoken = (page: Page) => page.evaluate(() => ((window as unknown as { __spoken: { text: string; lang: string }[] }).__spoken).map((u) => ({ text: u.text, lang: u.lang })));
const normalized = (s: string) => s.replace(/\s+/g, " ").trim();

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false, viewport: PHONE });

  for (const lang of ["en", "es"] as const) {
    test(`"Mark as done" too early answers at the top, focused, with the time left; the part shows its sections (${lang})`, async ({ browser }) => {
      const context = await browser.newContext({ javaScriptEnabled: false, viewport: PHONE, locale: lang === "es" ? "es-MX" : "en-US" });
      await stubSpeech(context, ["en-US", "es-US"]);
      const page = await context.newPage();
      await join(page, `e2e-pace-${lang}`, lang);
      const en = lang === "en";
      const minutes = moduleMinutes(await page.locator("article .meta").first().innerText());
      // The countdown without JavaScript: at what time on the server's clock, in the employer's
      // time zone named (the demo employer is in Texas), and in how many minutes, near the top.
      const wait = page.locator(".notice.pacing").first();
      await expect(wait).toContainText(
        en
          ? new RegExp(`You can mark it done at \\d{1,2}:\\d{2}\\s[AP]M C[SD]T, in about ${minutes} minutes`)
          : new RegExp(`Podrá marcarla como terminada a las? \\d{1,2}:\\d{2} \\(C[SD]T\\), en unos ${minutes} minutos`),
      );
      await expect(wait).toBeInViewport();
      // Progress within the part: an outline of its sections and "Section n of N" at each.
      const outline = page.getByRole("navigation", { name: en ? /In this part: \d+ sections/ : /En esta parte: \d+ secciones/ });
      const total = await outline.getByRole("listitem").count();
      expect(total).toBeGreaterThan(2);
      await expect(page.locator(".section-count").nth(1)).toHaveText(en ? `Section 2 of ${total}` : `Sección 2 de ${total}`);
      await outline.getByRole("link").nth(1).click();
      await expect(page).toHaveURL(/#s-2$/);
      // No read-aloud controls without JavaScript.
      await expect(page.getByRole("button", { name: en ? "Listen" : "Escuchar" })).toHaveCount(0);

      await page.getByRole("button", { name: en ? "Mark as done and continue" : "Marcar como terminada y continuar" }).click();
      const notice = page.getByRole("alert").filter({ hasText: en ? "You can mark it done in" : "Podrá marcarla como terminada en" });
      await expect(notice).toBeVisible();
      await expect(notice).toContainText(en ? /in (\d+ minutes?|less than a minute)/ : /en (\d+ minutos?|menos de un minuto)/);
      await expect(notice).toBeFocused();
      await expect(notice).toBeInViewport();
      expect(await page.evaluate(() => window.scrollY)).toBeLessThan(200);
      await page.screenshot({ path: `test-results/module-too-early-${lang}-nojs.png` });
      await context.close();
    });
  }

  test("quiz: one summary of every problem with question numbers; answers and the attestation kept", async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: PHONE, locale: "en-US" });
    const page = await context.newPage();
    await join(page, "e2e-quiz-nojs", "en");
    await finishModules(page, "en");
    const questions = page.locator("fieldset.question");
    const count = await questions.count();
    expect(count).toBe(10);

    // An empty submit: every question, by number, and the attestation, in one summary.
    await page.getByRole("button", { name: "Submit my answers" }).click();
    const summary = page.locator(".error-summary");
    await expect(summary).toBeFocused();
    const items = summary.getByRole("listitem");
    await expect(items).toHaveCount(count + 1);
    for (let i = 0; i < count; i++) await expect(items.nth(i)).toHaveText(`Question ${i + 1}: choose an answer.`);
    await expect(items.nth(count)).toContainText("Tick the box");
    // Each links to its question, and each question names itself.
    const id = await questions.nth(2).getAttribute("id");
    await expect(items.nth(2).getByRole("link")).toHaveAttribute("href", `#${id}`);
    await expect(questions.nth(2).locator(".error-text")).toHaveText("Question 3: choose an answer.");

    // Answer all but three, tick the box: exactly those three, and everything given is kept.
    const blanks = [1, 4, 7];
    const chosen: string[] = [];
    for (let i = 0; i < count; i++) {
      if (blanks.includes(i)) continue;
      const input = questions.nth(i).locator("input").first();
      await input.check();
      chosen.push((await input.getAttribute("name"))! + "=" + (await input.getAttribute("value"))!);
    }
    await page.getByLabel(/I completed this training myself/).check();
    await page.getByRole("button", { name: "Submit my answers" }).click();
    await expect(page.locator(".error-summary").getByRole("listitem")).toHaveText(["Question 2: choose an answer.", "Question 5: choose an answer.", "Question 8: choose an answer."]);
    await expect(page.getByLabel(/I completed this training myself/)).toBeChecked();
    for (const pair of chosen) {
      const [name, value] = pair.split("=");
      await expect(page.locator(`input[name="${name}"][value="${value}"]`)).toBeChecked();
    }
    await page.screenshot({ path: "test-results/quiz-errors-en-nojs.png", fullPage: false });
    await context.close();
  });
});

test.describe("with JavaScript", () => {
  // A page changed before it hydrates (a translating or reading extension does this) makes React
  // render it again in the browser: the part's text must then come from what was read back.
  test("a part's text is the server's when the page was changed before hydrating and React renders it again", async ({ browser }) => {
    const context = await browser.newContext({ viewport: PHONE, locale: "en-US" });
    const page = await context.newPage();
    await join(page, "e2e-text-rerender", "en");
    const path = new URL(page.url()).pathname;
    await context.addInitScript(() => {
      new MutationObserver((_records, observer) => {
        const h1 = document.querySelector("h1");
        if (h1) {
          h1.textContent = "Changed before hydration";
          observer.disconnect();
        }
      }).observe(document, { childList: true, subtree: true });
    });
    const recoverable: string[] = [];
    page.on("console", (m) => (m.type() === "error" ? recoverable.push(m.text()) : undefined));
    const text = await servedBodies(page, path);
    expect(text.length).toBeGreaterThan(2);
    await page.goto(path);
    await waitForHydration(page);
    // React rendered the document again: the heading is its own once more, and it said why.
    await expect(page.locator("h1")).not.toHaveText("Changed before hydration");
    await expect.poll(() => recoverable.join("\n")).toMatch(/hydrat|#418|#423|#425/i);
    expect(await shownBodies(page)).toEqual(text);
    await context.close();
  });

  for (const lang of ["en", "es"] as const) {
    // The document carries a part's text as markup only, not again as data (app/components/document-html.tsx):
    // hydrating reads it back from the page; moving between parts brings it as data.
    test(`a part's text is the server's after hydration, while the countdown runs, and after moving between parts (${lang})`, async ({ browser }) => {
      const context = await browser.newContext({ viewport: PHONE, locale: lang === "es" ? "es-MX" : "en-US" });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      page.on("console", (m) => (m.type() === "error" ? errors.push(m.text()) : undefined));
      await join(page, `e2e-text-${lang}`, lang);
      const first = new URL(page.url()).pathname;
      const served = (path: string) => servedBodies(page, path);
      const shown = () => shownBodies(page);

      // A document, hydrated; then a few seconds of the countdown re-rendering the page.
      await page.goto(first);
      await waitForHydration(page);
      const text = await served(first);
      expect(text.length).toBeGreaterThan(2);
      expect(text.every((t) => t.trim().length > 40)).toBe(true);
      expect(await shown()).toEqual(text);
      await expect(page.getByRole("timer").first()).not.toHaveText(await page.getByRole("timer").first().innerText());
      expect(await shown()).toEqual(text);

      // The next part, reached in the page (its data brings the text), and back by the link.
      const minutes = moduleMinutes(await page.locator("article .meta").first().innerText());
      await advanceServerClock(page, minutes * 60_000);
      await page.getByRole("button", { name: lang === "en" ? "Mark as done and continue" : "Marcar como terminada y continuar" }).click();
      await expect(page).not.toHaveURL(new RegExp(`${first}$`));
      const second = new URL(page.url()).pathname;
      await expect.poll(shown).toEqual(await served(second));
      expect(await shown()).not.toEqual(text);
      await page.getByRole("link", { name: lang === "en" ? "Back" : "Atrás", exact: true }).click();
      await expect(page).toHaveURL(new RegExp(`${first}$`));
      await expect.poll(shown).toEqual(text);
      // And the browser's back button, to the second part again.
      await page.goBack();
      await expect(page).toHaveURL(new RegExp(`${second}$`));
      await expect.poll(shown).toEqual(await served(second));
      expect(errors).toEqual([]);
      await context.close();
    });
  }

  test("the countdown runs live in the device's time, then the button reads as ready (en)", async ({ browser }) => {
    const context = await browser.newContext({ viewport: PHONE, locale: "en-US", timezoneId: "America/Chicago" });
    const page = await context.newPage();
    await page.clock.install({ time: new Date("2026-12-07T14:28:30-06:00") });
    await join(page, "e2e-countdown-en", "en");
    const minutes = moduleMinutes(await page.locator("article .meta").first().innerText());
    const note = page.locator("#pacing-bottom");
    await expect(note).toContainText(`You can mark it done at 2:${28 + minutes}\u00a0PM.`);
    await expect(note.getByRole("timer")).toHaveText(new RegExp(`^${minutes - 1}:[0-5]\\d$|^${minutes}:00$`));
    const button = page.getByRole("button", { name: "Mark as done and continue" });
    await expect(button).toHaveAttribute("data-waiting", "");
    await page.clock.fastForward(minutes * 60_000);
    await expect(note).toHaveText("You can mark this part done now.");
    await expect(button).not.toHaveAttribute("data-waiting");
    await advanceServerClock(page, minutes * 60_000);
    await button.click();
    await expect(page).toHaveURL(/\/learn\/recognize-and-respond\/(?!what-is-trafficking)/);
    await context.close();
  });

  test("Spanish: «a la 1:05», «a las 13:05», on the device's clock", async ({ browser }) => {
    const context = await browser.newContext({ viewport: PHONE, locale: "es-MX", timezoneId: "America/Chicago" });
    const page = await context.newPage();
    await page.clock.install({ time: new Date("2026-12-07T00:59:30-06:00") });
    await join(page, "e2e-countdown-es", "es");
    const minutes = moduleMinutes(await page.locator("article .meta").first().innerText());
    await expect(page.locator("#pacing-bottom")).toContainText(`Podrá marcarla como terminada a la 1:0${minutes - 1}.`);
    // Too early with JavaScript: the server's answer, at the top, focused.
    await page.getByRole("button", { name: "Marcar como terminada y continuar" }).click();
    const notice = page.getByRole("alert").filter({ hasText: "Podrá marcarla como terminada en" });
    await expect(notice).toBeFocused();
    await expect(notice).toBeInViewport();
    // The next part, opened just before one in the afternoon.
    await page.clock.setSystemTime(new Date("2026-12-07T12:59:30-06:00"));
    await advanceServerClock(page, minutes * 60_000);
    await page.getByRole("button", { name: "Marcar como terminada y continuar" }).click();
    await expect(page).toHaveURL(/\/learn\/recognize-and-respond\/(?!what-is-trafficking)/);
    const next = moduleMinutes(await page.locator("article .meta").first().innerText());
    await expect(page.locator("#pacing-bottom")).toContainText(`Podrá marcarla como terminada a las 13:0${next - 1}.`);
    await page.screenshot({ path: "test-results/module-countdown-es-js.png" });
    await context.close();
  });

  test("read aloud: module sections, quiz questions and result explanations, in the page's language, with pause and skip", async ({ browser }) => {
    const context = await browser.newContext({ viewport: PHONE, locale: "es-MX" });
    await stubSpeech(context, ["en-US", "es-ES", "es-US"]);
    const page = await context.newPage();
    await join(page, "e2e-read-aloud", "es");

    const parts = page.locator("#module-body [data-read-aloud]");
    const listen = page.getByRole("button", { name: "Escuchar" });
    await listen.click();
    let said = await spoken(page);
    expect(said).toHaveLength(1);
    expect(said[0]!.lang).toBe("es-US");
    expect(normalized(await parts.nth(0).innerText())).toContain(said[0]!.text);
    // The engine finishes a sentence: the next one follows.
    await page.evaluate(() => (window as unknown as { __finish: () => void }).__finish());
    said = await spoken(page);
    expect(said).toHaveLength(2);
    // Skip: the next section, from its start.
    await page.getByRole("button", { name: "Saltar a la sección siguiente" }).click();
    said = await spoken(page);
    const second = normalized(await parts.nth(1).innerText());
    expect(second.startsWith(said.at(-1)!.text)).toBe(true);
    await expect(parts.nth(1)).toHaveClass(/reading/);
    // Pause stops the speech; the button then offers to continue.
    await page.getByRole("button", { name: "Pausa" }).click();
    await expect(page.getByRole("button", { name: "Seguir escuchando" })).toBeVisible();
    expect(await page.evaluate(() => (window as unknown as { __cancels: number }).__cancels)).toBeGreaterThan(0);
    await page.screenshot({ path: "test-results/read-aloud-module-es.png" });

    await finishModules(page, "es");
    // The quiz: each question with its choices.
    await page.getByRole("button", { name: "Escuchar" }).click();
    const questions = page.locator("fieldset.question");
    said = await spoken(page);
    expect(said.at(-1)!.lang).toBe("es-US");
    expect(normalized(await questions.nth(0).locator("legend").innerText()).startsWith(said.at(-1)!.text)).toBe(true);
    await page.getByRole("button", { name: "Saltar a la pregunta siguiente" }).click();
    said = await spoken(page);
    const legend = normalized(await questions.nth(1).locator("legend").innerText());
    expect(legend.startsWith(said.at(-1)!.text)).toBe(true);
    // Then the rest of the question and its choices, one after another.
    const texts = await page.evaluate(() => {
      const w = window as unknown as { __finish: () => void; __spoken: { text: string }[] };
      const from = w.__spoken.length;
      for (let i = 0; i < 8; i++) w.__finish();
      return w.__spoken.slice(from).map((u) => u.text);
    });
    const firstChoice = normalized(await questions.nth(1).locator("label").first().innerText());
    expect(texts).toContain(firstChoice);

    // Fail on purpose: the result page reads each answer and its explanation.
    const count = await questions.count();
    for (let i = 0; i < count; i++) await questions.nth(i).locator("input").first().check();
    await page.getByLabel(/Hice esta capacitación personalmente/).check();
    await page.getByRole("button", { name: "Enviar mis respuestas" }).click();
    await expect(page).toHaveURL(/\/attempts\//);
    const results = page.locator("#results [data-read-aloud]");
    await page.getByRole("button", { name: "Escuchar" }).click();
    await page.getByRole("button", { name: "Saltar a la respuesta siguiente" }).click();
    said = await spoken(page);
    expect(said.at(-1)!.lang).toBe("es-US");
    expect(normalized(await results.nth(1).innerText()).startsWith(said.at(-1)!.text)).toBe(true);
    // The whole answer, its explanation included, but not the English source titles.
    const read = await page.evaluate(() => {
      const w = window as unknown as { __finish: () => void; __spoken: { text: string }[] };
      const from = w.__spoken.length - 1;
      for (let i = 0; i < 12; i++) w.__finish();
      return w.__spoken.slice(from).map((u) => u.text).join(" ");
    });
    const explanation = normalized(await results.nth(1).locator("p").nth(2).innerText());
    expect(read).toContain(explanation.slice(0, 40));
    const source = await results.nth(1).locator(".sources a").first().innerText();
    expect(read).not.toContain(source);
    await page.screenshot({ path: "test-results/read-aloud-result-es.png" });
    await context.close();
  });

  test("no voice for the page's language: no read-aloud controls", async ({ browser }) => {
    const context = await browser.newContext({ viewport: PHONE, locale: "es-MX" });
    await stubSpeech(context, ["en-US", "fr-FR"]);
    const page = await context.newPage();
    await join(page, "e2e-no-voice", "es");
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    // Hydrated (the countdown runs in the browser), and still no controls.
    await expect(page.locator("#pacing-bottom")).toContainText(/Podrá marcarla como terminada a las? \d/);
    await expect(page.getByRole("group", { name: "Leer en voz alta" })).toHaveCount(0);
    await context.close();
  });
});
