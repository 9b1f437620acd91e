import { z } from "zod";

const boolFlag = z
  .enum(["0", "1", "true", "false", ""])
  .optional()
  .transform((v) => v === "1" || v === "true");

const EnvSchema = z.object({
  NODE_ENV: z.enum(["production", "development", "test"]).default("production"),
  DATABASE_PATH: z.string().min(1).default("./data/frontline.db"),
  CONTENT_DIR: z.string().min(1).default("./content"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).optional(),
  /** "1": the server sits behind one reverse proxy (trusts its X-Forwarded-For; see app/serve.ts). */
  TRUST_PROXY: z.enum(["0", "1", ""]).optional(),
  SESSION_SECRET: z.string().min(32, "SESSION_SECRET must be at least 32 characters").optional(),
  /**
   * The site's public origin, e.g. https://training.example.org: printed in certificates (QR code
   * and verify address), on posters and in emails. Required in production (start-up checks).
   */
  PUBLIC_URL: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z.url({ protocol: /^https?$/, hostname: /./, error: "PUBLIC_URL must be an http:// or https:// address, e.g. https://training.example.org" }).optional(),
  ),
  SEED_DEMO: z
    .enum(["0", "1", "true", "false", ""])
    .optional()
    .transform((v) => v !== "0" && v !== "false"),
  /** Test-only: exposes POST /__test/clock so end-to-end tests can move time. */
  FRONTLINE_TEST_CLOCK: boolFlag,
  /**
   * Where reminder emails go out, e.g. smtps://user:pass@smtp.example.org:465. Unset (or
   * empty): nothing is sent and queued emails wait in the outbox.
   */
  SMTP_URL: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z.url({ protocol: /^smtps?$/, hostname: /./, error: "SMTP_URL must be an smtp:// or smtps:// URL" }).optional(),
  ),
  /** The From header of every email. */
  MAIL_FROM: z.string().min(1).default("Frontline Ready <no-reply@frontline-ready.invalid>"),
  /** Daily training reminders; on unless REMINDERS=0. */
  REMINDERS: z
    .enum(["0", "1", "true", "false", ""])
    .optional()
    .transform((v) => v !== "0" && v !== "false"),
  /** Webhooks to employers' endpoints (issue 18, ADR 033); off unless WEBHOOKS=1. */
  WEBHOOKS: boolFlag,
  /**
   * xAPI statements to a Learning Record Store (ADR 035): its statements endpoint base, e.g.
   * https://lrs.example.org/xapi/ (unset: off), with XAPI_KEY and XAPI_SECRET (HTTP Basic).
   */
  XAPI_ENDPOINT: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z.url({ protocol: /^https?$/, hostname: /./, error: "XAPI_ENDPOINT must be an http:// or https:// address" }).optional(),
  ),
  XAPI_KEY: z.string().optional(),
  XAPI_SECRET: z.string().optional(),
  /**
   * "1": every certificate is also an Open Badges 3.0 credential (issue 18, ADR 031): the
   * download on the certificate page, /credentials/..., /.well-known/did.json and the credential
   * check on the verify page. Off (unset): those answer 404 and no page changes.
   */
  OPEN_BADGES: boolFlag,
  /** The employer API (ADR 032): `/api/v1/...` with bearer tokens, and `/employer/api` where admins make them. Off unless EMPLOYER_API=1. */
  EMPLOYER_API: boolFlag,
  /** "1": staff (employer admins, council auditors) may sign in with their organisation's OpenID Connect provider (ADR 034). Off unless set. */
  SSO: boolFlag,
  /**
   * How many HTTP server processes serve the port (ADR 038): 1 (the default) is one process as
   * before; N > 1 starts a primary that migrates and runs the background jobs, and N workers
   * (node:cluster). `WEB_CONCURRENCY` is the name hosting platforms set.
   */
  WEB_CONCURRENCY: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z.coerce.number({ error: "WEB_CONCURRENCY must be a whole number of server processes, 1 to 64" }).int().min(1).max(64).default(1),
  ),
}).superRefine((env, ctx) => {
  if (env.WEB_CONCURRENCY > 1 && env.FRONTLINE_TEST_CLOCK) {
    ctx.addIssue({
      code: "custom",
      path: ["WEB_CONCURRENCY"],
      message: "FRONTLINE_TEST_CLOCK=1 moves the clock of one process only; with several server processes (WEB_CONCURRENCY > 1) the others would disagree. Use WEB_CONCURRENCY=1 for tests that move the clock.",
    });
  }
});

export type Env = z.infer<typeof EnvSchema>;

let cached: Env | undefined;

/** Parses process.env once; a bad value stops start-up with the variable named. */
export function getEnv(): Env {
  if (cached) return cached;
  const parsed = EnvSchema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  cached = parsed.data;
  return cached;
}

/** For tests that change process.env between cases. */
export function resetEnvCache() {
  cached = undefined;
}
