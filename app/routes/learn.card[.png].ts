import type { LoaderFunctionArgs } from "@remix-run/node";
import { PHONE_SCREEN } from "#app/pdf/layout-facts.ts";
import { pdfPageToPng, PngRenderError } from "#app/pdf/png.server.ts";
import { getT } from "#app/i18n/i18n.server.ts";
import { requireCard } from "#app/server/card.server.ts";
import { renderPdf } from "#app/server/pdf.server.ts";

/** The phone image's size in pixels: the phone page (360 × 640 pt) at 216 dpi. */
const PHONE_PX = { width: PHONE_SCREEN.width * 3, height: PHONE_SCREEN.height * 3 };

/**
 * GET /learn/card.png[?lang=es] — the red-flags card as a 1080 × 1920 phone-screen image a
 * worker keeps in their photos: the phone page of the card (react-pdf) drawn by pdftoppm
 * (ADR 029). The same 403/404 as the PDF; a failed drawing is a 503 with a message.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { card, role, tenant } = await requireCard(request);
  const pdf = await renderPdf(request, { kind: "card", data: { ...card, format: "phone" } }, tenant);
  let png: Buffer;
  try {
    png = await pdfPageToPng(pdf, PHONE_PX);
  } catch (error) {
    if (!(error instanceof PngRenderError)) throw error;
    console.error(`[frontline] ${error.message}`);
    const { t } = await getT(request, "worker");
    throw new Response(t("card.pngFailed"), { status: 503, headers: { "Retry-After": "60", "Content-Type": "text/plain; charset=utf-8" } });
  }
  return new Response(new Uint8Array(png), {
    headers: {
      "Content-Type": "image/png",
      "Content-Disposition": `inline; filename="red-flags-${role}-${card.lang}.png"`,
      "Cache-Control": "private, no-store",
    },
  });
}
