/**
 * The employer API's OpenAPI 3.1 document (ADR 032), generated from the zod schemas the
 * endpoints parse with (app/server/api-schemas.server.ts) by zod's own `z.toJSONSchema`: JSON
 * Schema 2020-12, which is OpenAPI 3.1's schema language. Request bodies and query parameters
 * are described as they are sent (`io: "input"`), responses as they are answered.
 */
import { z } from "zod";
import { publicOrigin } from "#app/utils/public-url.server.ts";
import { API_OPERATIONS, ApiErrorBody } from "./api-schemas.server.ts";

type Json = Record<string, unknown>;

function schemaOf(schema: z.ZodType, io: "input" | "output"): Json {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io, target: "draft-2020-12", unrepresentable: "any" }) as Json;
  return rest;
}

const ERROR_WORDS: Record<number, string> = {
  400: "The body is not JSON.",
  401: "No token, or a wrong, malformed or revoked one.",
  403: "The token may only read.",
  404: "The employer API is off on this server.",
  409: "The roster changed meanwhile (or an import is being written); nothing was written.",
  413: "Too many rows (or too large a body) for one request; nothing was written.",
  422: "Input that breaks a rule, each problem with its row and field; nothing was written.",
  429: "Too many requests with this token; Retry-After says when to try again.",
};

let cached: { origin: string; doc: Json } | undefined;

export function openApiDocument(): Json {
  const origin = publicOrigin();
  if (cached?.origin === origin) return cached.doc;
  const errorRef = { $ref: "#/components/schemas/Error" };
  const paths: Record<string, Json> = {};
  for (const op of API_OPERATIONS) {
    const responses: Json = { "200": { description: "OK", content: { "application/json": { schema: schemaOf(op.response, "output") } } } };
    for (const status of [...new Set([401, 404, 429, ...op.errors])].sort()) {
      responses[String(status)] = {
        description: ERROR_WORDS[status] ?? "Error",
        content: { "application/json": { schema: errorRef } },
        ...(status === 429 ? { headers: { "Retry-After": { description: "Seconds to wait.", schema: { type: "integer" } } } } : {}),
      };
    }
    const parameters = op.query
      ? Object.entries(op.query.shape as Record<string, z.ZodType>).map(([name, s]) => {
          const schema = schemaOf(s, "input");
          const { description, ...rest } = schema;
          return { name, in: "query", required: !s.safeParse(undefined).success, ...(description ? { description } : {}), schema: rest };
        })
      : undefined;
    paths[op.path] = {
      ...paths[op.path],
      [op.method]: {
        summary: op.summary,
        description: `Takes a ${op.scope} token.`,
        operationId: `${op.method}${op.path.replace(/^\/api\/v1/, "").replace(/\/(\w)/g, (_m, c: string) => c.toUpperCase())}`,
        security: [{ bearer: [] }],
        ...(parameters && parameters.length > 0 ? { parameters } : {}),
        ...(op.body ? { requestBody: { required: true, content: { "application/json": { schema: schemaOf(op.body, "input") } } } } : {}),
        responses,
      },
    };
  }
  const doc: Json = {
    openapi: "3.1.0",
    info: {
      title: "Frontline Ready employer API",
      version: "1",
      description: "An employer's roster, statuses and completions. Every request sends `Authorization: Bearer flr_…`, a token an employer admin makes on /employer/api (read or read-write). Answers are JSON, never cached; errors carry `error` (a code) and `message`.",
    },
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    servers: [{ url: origin }],
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "An API token: flr_ and 43 characters." } },
      schemas: { Error: schemaOf(ApiErrorBody, "output") },
    },
    security: [{ bearer: [] }],
    paths,
  };
  cached = { origin, doc };
  return doc;
}
