import type { LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { getValidCertificate } from "#app/models/certificate.server.ts";
import { getContent, getRole } from "#app/models/content.server.ts";
import { renderInWorker } from "#app/pdf/pool.server.ts";
import { requireWorker } from "#app/utils/auth.server.ts";
import { now } from "#app/utils/clock.server.ts";

/**
 * GET /learn/card.pdf[?lang=es] — the red-flags card for the worker's role, once they hold a
 * valid certificate: the signs to notice, what to do, and the hotline, in English or Spanish.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { user, employment, course } = await requireWorker(request);
  if (!getValidCertificate(user.id, course.id, now())) {
    throw data("The card is yours once you pass the course.", { status: 403 });
  }
  const lang = new URL(request.url).searchParams.get("lang") === "es" ? "es" : "en";
  const card = getContent().cards.get(employment.jobRole);
  if (!card) throw data("No card is written for your role yet.", { status: 404 });
  const hotline = getContent().hotlines.find((h) => h.id === "us-nhth")!;
  const text = card[lang];
  const titles = new Map(course.sources.map((s) => [s.id, s.title]));
  const pdf = await renderInWorker({
    kind: "card",
    data: {
      lang,
      roleLabel: (lang === "es" ? getContent().roleLabelsEs.get(employment.jobRole) : undefined) ?? getRole(employment.jobRole)?.label ?? employment.jobRole,
      title: text.title,
      signs: text.signs,
      do: text.do,
      reminder: text.reminder,
      hotline: { call: hotline.call, text: hotline.text },
      sources: card.sources.map((s) => titles.get(s) ?? s),
    },
  });
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `inline; filename="red-flags-${employment.jobRole}-${lang}.pdf"`,
      "Cache-Control": "private, no-store",
    },
  });
}
