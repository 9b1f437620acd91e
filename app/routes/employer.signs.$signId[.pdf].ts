import type { LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { numberWithDigits, signSizeInches } from "#app/domain/signs.ts";
import { getRuleFor } from "#app/server/content.server.ts";
import { requiredSigns } from "#app/models/signs.server.ts";
import { renderPdf } from "#app/server/pdf.server.ts";
import { requireEmployerAdmin } from "#app/server/auth.server.ts";

/** Letter (8.5 × 11 in) when the law names no size. */
const DEFAULT_SIZE = { width: 8.5, height: 11 };

/**
 * GET /employer/signs/:signId.pdf — a sign whose wording the employer's law prescribes, one page
 * per language the law names (the English is the law's; other languages are this project's
 * translation, said on the page), at the law's minimum page and type size or larger.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { employer } = await requireEmployerAdmin(request);
  const rule = getRuleFor(employer);
  const sign = requiredSigns(rule).find((s) => s.id === params.signId);
  if (!rule || !sign || !sign.prescribedWording) throw data("Your law prescribes no wording for such a sign.", { status: 404 });
  const size = signSizeInches(sign.minSize) ?? DEFAULT_SIZE;
  const pdf = await renderPdf(request, {
    kind: "sign",
    data: {
      title: sign.title,
      citation: rule.policy.signs.quotes.find((q) => q.text.length > 0)?.pinpoint ?? rule.policy.citation,
      widthPt: size.width * 72,
      heightPt: size.height * 72,
      fontPt: Math.max(sign.minFontPt ?? 18, 18),
      pages: [
        { lang: "en", text: sign.prescribedWording, note: null },
        ...Object.entries(sign.translations).filter(([, text]) => Boolean(text)).map(([lang, text]) => ({ lang, text, note: lang === "es" ? "Traducción al español de Frontline Ready del texto que fija la ley." : null })),
      ],
      numbers: sign.numbers.filter((n) => /[A-Z]/i.test(n)).map(numberWithDigits),
    },
  }, employer.id);
  return new Response(new Uint8Array(pdf), {
    headers: { "Content-Type": "application/pdf", "Content-Disposition": `inline; filename="sign-${sign.id}.pdf"`, "Cache-Control": "private, no-store" },
  });
}
