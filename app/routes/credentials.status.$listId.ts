import type { LoaderFunctionArgs } from "@remix-run/node";
import { VC_JWT_MEDIA_TYPE } from "#app/domain/open-badges.ts";
import { signedStatusList, statusListCount } from "#app/models/open-badges.server.ts";
import { requireOpenBadges } from "#app/server/open-badges.server.ts";
import { now } from "#app/utils/clock.server.ts";

/**
 * GET /credentials/status/<n>: the W3C Bitstring Status List credential (VC-JWT) that says which
 * credentials are revoked, built from the certificates at each request (ADR 031).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireOpenBadges(request, { resource: true });
  const headers = { "Content-Type": `${VC_JWT_MEDIA_TYPE}`, "Cache-Control": "no-cache", "Access-Control-Allow-Origin": "*" };
  const raw = params.listId ?? "";
  const listId = /^[1-9]\d{0,8}$/.test(raw) ? Number(raw) : 0;
  if (!listId || listId > statusListCount()) {
    throw new Response("No status list has this number.", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  return new Response(await signedStatusList(listId, now()), { headers });
}
