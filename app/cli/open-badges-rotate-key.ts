/**
 * `npm run openbadges:rotate-key`: adds a new Ed25519 key to the credential key file beside the
 * database (credential-keys.json, next to session-secret). The new key signs every credential
 * and status list from now on; the old keys stay in /.well-known/did.json, so credentials signed
 * before still verify. A running server picks the new key up at its next signature. To retire a
 * key that leaked, delete its entry from the file: everything it signed then reads "changed"
 * (ADR 031).
 */
import { SIGNING_KEYS_FILE, addSigningKey, signingKeys } from "#app/utils/signing-keys.server.ts";
import { secretFilePath } from "#app/utils/secret.server.ts";

try {
  const file = secretFilePath(SIGNING_KEYS_FILE);
  if (!file) throw new Error("DATABASE_PATH is :memory:, so there is no key file to rotate");
  signingKeys(); // the first key, if there was none yet
  const kid = addSigningKey();
  console.log(`Added signing key ${kid} to ${file}; it signs from now on. Keys listed: ${signingKeys().map((k) => k.kid).join(", ")}.`);
} catch (e) {
  console.error(`Key rotation failed: ${(e as Error).message}`);
  process.exit(1);
}
