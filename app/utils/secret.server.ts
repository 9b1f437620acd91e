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

/**
 * A secret the site must keep and use later (an identity provider's client secret), sealed for
 * the database: AES-256-GCM under a key derived (HKDF-SHA256) from the session secret and the
 * secret's purpose. A copy of the database alone does not reveal it; a changed byte, or a
 * sealed value from another purpose, fails to open. Changing SESSION_SECRET makes sealed values
 * unreadable: they must be entered again (README, ADR 034).
 */
function sealKey(purpose: string): Buffer {
  return Buffer.from(crypto.hkdfSync("sha256", getSessionSecret(), "frontline-sealed-secret", purpose, 32));
}

export function sealSecret(plain: string, purpose: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", sealKey(purpose), iv);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64url"), body.toString("base64url"), cipher.getAuthTag().toString("base64url")].join(".");
}

/** The plain secret, or null when the value was not sealed here for this purpose (or was changed). */
export function openSecret(sealed: string, purpose: string): string | null {
  const [version, iv, body, tag] = sealed.split(".");
  if (version !== "v1" || !iv || body === undefined || !tag) return null;
  try {
    const decipher = crypto.createDecipheriv("aes-256-gcm", sealKey(purpose), Buffer.from(iv, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}
