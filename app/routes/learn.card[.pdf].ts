import type { LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { z } from "zod";
import { getT } from "#app/i18n/i18n.server.ts";
import { requireCard } from "#app/server/card.server.ts";
import { renderPdf } from "#app/server/pdf.server.ts";

const Query = z.object({ format: z.enum(["letter", "wallet"]).default("letter") });

/**
 * GET /learn/card.pdf[?lang=es][&format=wallet] — the red-flags card for the worker's role, once
 * they hold a valid certificate: the signs to notice, what to do, and the hotline, in English or
 * Spanish. A Letter page, or (format=wallet) a two-sided wallet card to cut out and fold, three
 * to a Letter sheet (ADR 029).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const query = Query.safeParse({ format: new URL(request.url).searchParams.get("format") ?? undefined });
  if (!query.success) {
    const { t } = await getT(request, "worker");
    throw data(t("card.badFormat"), { status: 400 });
  }
  const { card, role, tenant } = await requireCard(request);
  const format = query.data.format;
  const pdf = await renderPdf(request, { kind: "card", data: { ...card, format } }, tenant);
  const name = format === "wallet" ? `red-flags-wallet-${role}-${card.lang}.pdf` : `red-flags-${role}-${card.lang}.pdf`;
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `inline; filename="${name}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
