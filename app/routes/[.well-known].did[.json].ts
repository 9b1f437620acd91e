import type { LoaderFunctionArgs } from "@remix-run/node";
import { didDocument } from "#app/models/open-badges.server.ts";
import { requireOpenBadges } from "#app/server/open-badges.server.ts";

/** GET /.well-known/did.json: the issuer's did:web document, every signing key (ADR 031). 404 while OPEN_BADGES is off. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireOpenBadges(request, { resource: true });
  return Response.json(didDocument(), { headers: { "Cache-Control": "public, max-age=300", "Access-Control-Allow-Origin": "*" } });
}
