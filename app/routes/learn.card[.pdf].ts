import { getLang, tFor } from "#app/i18n/i18n.server.ts";
import { isLang } from "#app/i18n/translate.ts";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { getValidCertificate } from "#app/models/certificate.server.ts";
import { getContent, getRuleFor, roleLabel } from "#app/server/content.server.ts";
import { workplaceNumbers } from "#app/models/signs.server.ts";
import { renderPdf } from "#app/server/pdf.server.ts";
import { requireWorker } from "#app/server/auth.server.ts";
import { now } from "#app/utils/clock.server.ts";

/**
 * GET /learn/card.pdf[?lang=es] — the red-flags card for the worker's role, once they hold a
 * valid certificate: the signs to notice, what to do, and the hotline, in English or Spanish.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { user, employment, employer, course } = await requireWorker(request);
  const pageLang = await getLang(request);
  const t = tFor(pageLang, "worker");
  if (!getValidCertificate(user.id, course.id, now())) {
    throw data(t("card.notYet"), { status: 403 });
  }
  // ?lang= picks the card's language; without it, the language the page is shown in.
  const asked = new URL(request.url).searchParams.get("lang");
  const lang = isLang(asked) ? asked : pageLang;
  const card = getContent().cards.get(employment.jobRole);
  if (!card) throw data(t("card.none"), { status: 404 });
  const hotline = getContent().hotlines.find((h) => h.id === "us-nhth")!;
  const text = card[lang];
  const titles = new Map(course.sources.map((s) => [s.id, s.title]));
  const pdf = await renderPdf(request, {
    kind: "card",
    data: {
      lang,
      roleLabel: roleLabel(employment.jobRole, lang),
      title: text.title,
      signs: text.signs,
      do: text.do,
      reminder: text.reminder,
      hotline: { call: hotline.call, text: hotline.text },
      local: (({ police, state }) => ({ police, state }))(workplaceNumbers(employment.siteId, getRuleFor(employer))),
      sources: card.sources.map((s) => titles.get(s) ?? s),
    },
  }, employer.id);
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `inline; filename="red-flags-${employment.jobRole}-${lang}.pdf"`,
      "Cache-Control": "private, no-store",
    },
  });
}
