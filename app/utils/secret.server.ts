import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { getEnv } from "./env.server.ts";

let secret: string | undefined;

/**
 * Where a secret the server generates for itself is kept: beside the database, or nowhere (in
 * memory only) for an in-memory database. The session secret and the credential signing keys
 * (app/utils/signing-keys.server.ts) live here.
 */
export function secretFilePath(name: string): string | undefined {
  const env = getEnv();
  return env.DATABASE_PATH === ":memory:" ? undefined : path.join(path.dirname(path.resolve(env.DATABASE_PATH)), name);
}

/**
 * SESSION_SECRET when set; otherwise a strong secret generated once and kept beside the
 * database (mode 0600), so a fresh `npm start` works and sessions survive restarts.
 */
export function getSessionSecret(): string {
  if (secret) return secret;
  const env = getEnv();
  if (env.SESSION_SECRET) {
    secret = env.SESSION_SECRET;
    return secret;
  }
  const file = secretFilePath("session-secret");
  if (file && fs.existsSync(file)) {
    secret = fs.readFileSync(file, "utf8").trim();
  } else {
    secret = crypto.randomBytes(32).toString("base64url");
    if (file) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, secret + "\n", { mode: 0o600 });
      console.log(`[frontline] SESSION_SECRET is not set: generated one and kept it in ${path.relative(process.cwd(), file)}. Set SESSION_SECRET in a deployment.`);
    }
  }
  return secret;
}
