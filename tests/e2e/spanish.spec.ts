/**
 * The product in Spanish, end to end: a worker whose browser asks for Spanish joins, takes
 * the whole course and quiz in Spanish and gets a certificate that says so; form errors are
 * announced and take focus; the language switch works on every page, with or without
 * JavaScript, and is remembered on the account.
 */
import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import YAML from "yaml";
import { pdfText } from "../support/pdf.ts";

const english = YAML.parse(fs.readFileSync(path.resolve("content/courses/recognize-and-respond/quiz.yaml"), "utf8")) as {
  questions: { id: string; choices: { id: string; correct?: boolean }[] }[];
};
const spanish = YAML.parse(fs.readFileSync(path.resolve("content/courses/recognize-and-respond/i18n/es/quiz.yaml"), "utf8")) as {
  questions: { id: string; prompt: string }[];
};
const correct = new Map(english.questions.map((q) => [q.id, q.choices.filter((c) => c.correct).map((c) => c.id)]));
const prompts = new Map(spanish.questions.map((q) => [q.id, q.prompt]));

async function advanceClock(page: Page, minutes: number) {
  const res = await page.request.post("/__test/clock", { data: { advanceMs: minutes * 60_000 } });
  expect(res.ok()).toBe(true);
}

test.describe("a worker whose phone asks for Spanish", () => {
  test.use({ locale: "es-MX" });

  test("joins, learns, answers and is certified in Spanish; the certificate states the language", async ({ page }) => {
    await page.goto("/join/LAKESIDE-INN");
    await expect(page.locator("html")).toHaveAttribute("lang", "es");
    await expect(page.getByRole("heading", { name: "Únase a Lakeside Inn en Frontline Ready" })).toBeVisible();

    // A form with errors: announced, and focus moves to the first field in error.
    await page.getByRole("button", { name: "Crear cuenta y empezar" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "Corrija lo siguiente" })).toContainText("Escriba su nombre");
    await expect(page.getByLabel("Su nombre completo")).toBeFocused();
    await expect(page.getByLabel("Su nombre completo")).toHaveAttribute("aria-invalid", "true");

    await page.getByLabel("Su nombre completo").fill("Rosa Hernández");
    await page.getByLabel("Elija un nombre de usuario").fill("e2e-es");
    await page.getByLabel("Elija una contraseña").fill("una frase larga y segura");
    await page.getByLabel("Limpieza de habitaciones o lavandería").check();
    await page.getByRole("button", { name: "Crear cuenta y empezar" }).click();
    await expect(page).toHaveURL(/\/learn$/);
    await expect(page.getByRole("heading", { name: "Hola, Rosa Hernández" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Reconocer y responder" })).toBeVisible();

    await page.getByRole("link", { name: "Empezar el curso" }).click();
    let guard = 0;
    while (!page.url().endsWith("/quiz")) {
      expect(++guard).toBeLessThan(20);
      await expect(page.locator("html")).toHaveAttribute("lang", "es");
      const meta = await page.locator("article .meta").first().innerText();
      const minutes = Number(/unos (\d+) min/.exec(meta)?.[1]);
      expect(minutes, meta).toBeGreaterThan(0);
      if (guard === 1) {
        await expect(page.getByRole("heading", { level: 1 })).toHaveText("Qué es la trata de personas");
        await page.getByRole("button", { name: "Marcar como terminada y continuar" }).click();
        await expect(page.getByRole("alert").filter({ hasText: "Podrá marcarla como terminada en" })).toBeVisible();
      }
      await advanceClock(page, minutes);
      const before = page.url();
      await page.getByRole("button", { name: /Marcar como terminada y continuar|Siguiente/ }).click();
      await page.waitForURL((url) => url.toString() !== before);
    }

    await expect(page.getByRole("heading", { name: "Cuestionario", exact: true })).toBeVisible();
    const questions = page.locator("fieldset.question");
    await expect(questions).toHaveCount(10);
    for (let i = 0; i < 10; i++) {
      const id = (await questions.nth(i).locator("input").first().getAttribute("name"))!.slice(2);
      // The question is the Spanish translation's, word for word.
      await expect(questions.nth(i).locator("legend")).toContainText(prompts.get(id)!.slice(0, 60));
      for (const c of correct.get(id)!) await questions.nth(i).locator(`input[value="${c}"]`).check();
    }
    await page.getByLabel(/Hice esta capacitación personalmente/).check();
    await page.getByRole("button", { name: "Enviar mis respuestas" }).click();
    await expect(page).toHaveURL(/\/certificates\/[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}$/);
    await expect(page.getByRole("heading", { name: "Su certificado" })).toBeVisible();
    await expect(page.locator("dl.facts")).toContainText("Curso realizado en");
    await expect(page.locator("dl.facts")).toContainText("Reconocer y responder");
    await expect(page.locator("dl.facts")).toContainText("español");

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Descargar PDF" }).click()]);
    const { text, pages } = await pdfText(new Uint8Array(fs.readFileSync((await download.path())!)));
    expect(pages).toBe(1);
    expect(text).toContain("Certificado de finalización");
    expect(text).toContain("Rosa Hernández");
    expect(text).toMatch(/Curso realizado en\s*español/);

    // The switch, on this page: English, remembered on the account.
    await page.getByRole("button", { name: "English" }).click();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(page.getByRole("heading", { name: "Your certificate" })).toBeVisible();
    // The certificate still says it was taken in Spanish.
    await expect(page.locator("dl.facts")).toContainText("Spanish");
    await page.goto("/learn");
    await expect(page.getByRole("heading", { name: "Hello, Rosa Hernández" })).toBeVisible();
  });

  test("the account's choice follows the worker to another phone, whatever that phone asks for", async ({ page }) => {
    await page.goto("/login");
    await expect(page.locator("html")).toHaveAttribute("lang", "es");
    await page.getByLabel("Nombre de usuario o correo electrónico").fill("e2e-es");
    await page.getByLabel("Contraseña").fill("una frase larga y segura");
    await page.getByRole("button", { name: "Iniciar sesión" }).click();
    await expect(page).toHaveURL(/\/learn$/);
    // She chose English on the other phone.
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await page.getByRole("button", { name: "Español" }).click();
    await expect(page.getByRole("heading", { name: "Hola, Rosa Hernández" })).toBeVisible();
    await expect(page.locator("html")).toHaveAttribute("lang", "es");
  });
});

test.describe("the switch without JavaScript", () => {
  test.use({ javaScriptEnabled: false, locale: "en-US" });

  test("is a plain form on every page, and the choice sticks", async ({ page }) => {
    for (const url of ["/", "/verify", "/login", "/transparency", "/join/METRO-TRANSIT"]) {
      await page.goto(url);
      await expect(page.locator("html"), url).toHaveAttribute("lang", "en");
      await page.getByRole("button", { name: "Español" }).click();
      await expect(page, url).toHaveURL(new RegExp(`${url.replace(/[/.]/g, "\\$&")}$`));
      await expect(page.locator("html"), url).toHaveAttribute("lang", "es");
      await page.getByRole("button", { name: "English" }).click();
      await expect(page.locator("html"), url).toHaveAttribute("lang", "en");
    }
    await page.getByRole("button", { name: "Español" }).click();
    // A form with errors, without JavaScript: the page comes back with its error summary
    // focused, its links leading to each field.
    await page.goto("/join/METRO-TRANSIT");
    await page.getByRole("button", { name: "Crear cuenta y empezar" }).click();
    const summary = page.locator(".error-summary");
    await expect(summary).toBeFocused();
    await expect(summary.getByRole("link", { name: "Escriba su nombre" })).toHaveAttribute("href", "#f-name");
    const res = await page.goto("/verify");
    expect(res?.headers()["content-language"]).toBe("es");
    expect(res?.headers()["vary"]).toMatch(/Accept-Language/);
    await expect(page.getByRole("heading", { name: "Verificar un certificado" })).toBeVisible();
    await page.getByLabel("Código del certificado").fill("not-a-code");
    await page.getByRole("button", { name: "Verificar" }).click();
    await expect(page.getByText(/Ese no es un código de certificado/)).toBeVisible();
  });
});
