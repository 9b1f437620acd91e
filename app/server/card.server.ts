/**
 * The red-flags card's contents for the signed-in worker (their role, their workplace's
 * numbers, the hotline), in the asked language: what /learn/card.pdf and /learn/card.png both
 * draw. Only for a worker who holds a valid certificate (403 before), and only where a card is
 * written for their role (404).
 */
import { data } from "@remix-run/node";
import { getLang, tFor } from "#app/i18n/i18n.server.ts";
import { isLang } from "#app/i18n/translate.ts";
import { getValidCertificate } from "#app/models/certificate.server.ts";
import { workplaceNumbers } from "#app/models/signs.server.ts";
import type { CardData } from "#app/pdf/card.server.tsx";
import { now } from "#app/utils/clock.server.ts";
import { requireWorker } from "./auth.server.ts";
import { getContent, getRuleFor, roleLabel } from "./content.server.ts";

export async function requireCard(request: Request): Promise<{ card: CardData; role: string; tenant: string }> {
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
  return {
    role: employment.jobRole,
    tenant: employer.id,
    card: {
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
  };
}
