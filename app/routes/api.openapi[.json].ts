import type { LoaderFunctionArgs } from "@remix-run/node";
import { employerApiEnabled } from "#app/models/api-token.server.ts";
import { apiError, apiJson } from "#app/server/api.server.ts";
import { openApiDocument } from "#app/server/openapi.server.ts";

/** GET /api/openapi.json: the employer API's OpenAPI 3.1 document, generated from its zod schemas (ADR 032). */
export function loader(_: LoaderFunctionArgs) {
  if (!employerApiEnabled()) return apiError(404, "not_found", "The employer API is not turned on on this server (EMPLOYER_API=1).");
  return apiJson(openApiDocument());
}
