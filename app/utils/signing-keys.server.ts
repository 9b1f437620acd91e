import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { secretFilePath } from "./secret.server.ts";

/**
 * The Ed25519 keys that sign Open Badges credentials and status lists (ADR 031). Kept beside the
 * session secret (secretFilePath: next to the database, mode 0600) in `credential-keys.json`,
 * generated on first use. The newest key signs; every key stays listed in /.well-known/did.json,
 * so a credential signed before a rotation still verifies. `npm run openbadges:rotate-key` adds a
 * new key (addSigningKey); a running server sees it at its next signature (the file's mtime).
 */
export const SIGNING_KEYS_FILE = "credential-keys.json";

const PrivateJwk = z.object({ kty: z.literal("OKP"), crv: z.literal("Ed25519"), x: z.string().min(40), d: z.string().min(40) });
const KeyFile = z.object({
  keys: z
    .array(z.object({ kid: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/), createdAt: z.iso.datetime(), privateJwk: PrivateJwk }))
    .min(1),
});
type KeyFile = z.infer<typeof KeyFile>;

export interface SigningKey {
  /** The fragment of the verification method in the DID document ("key-2026-12-06-ab12"). */
  kid: string;
  createdAt: string;
  privateKey: crypto.KeyObject;
  publicJwk: { kty: "OKP"; crv: "Ed25519"; x: string };
}

let cache: { mtimeMs: number; keys: SigningKey[] } | undefined;
/** For an in-memory database (tests): the keys live as long as the process. */
let memoryFile: KeyFile | undefined;

function newKeyEntry(at: Date, taken: Set<string>): KeyFile["keys"][number] {
  const { privateKey } = crypto.generateKeyPairSync("ed25519");
  const jwk = PrivateJwk.parse(privateKey.export({ format: "jwk" }));
  let kid: string;
  do kid = `key-${at.toISOString().slice(0, 10)}-${crypto.randomBytes(3).toString("hex")}`;
  while (taken.has(kid));
  return { kid, createdAt: at.toISOString(), privateJwk: jwk };
}

function toKeys(file: KeyFile): SigningKey[] {
  return file.keys.map((k) => ({
    kid: k.kid,
    createdAt: k.createdAt,
    privateKey: crypto.createPrivateKey({ key: k.privateJwk, format: "jwk" }),
    publicJwk: { kty: "OKP", crv: "Ed25519", x: k.privateJwk.x },
  }));
}

function readFile(file: string): KeyFile {
  const parsed = KeyFile.safeParse(JSON.parse(fs.readFileSync(file, "utf8")));
  if (!parsed.success) throw new Error(`${file} is not a credential key file: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

function writeFile(file: string, content: KeyFile) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(content, null, 2) + "\n", { mode: 0o600 });
  fs.renameSync(tmp, file);
}

/**
 * Creates `file` unless it exists, atomically: with several server processes (ADR 038) two may
 * generate a first key at once, and a key that signed a credential must not be overwritten by
 * the other's. The loser reads the winner's file. Returns whether this call created it.
 */
function createFileOnce(file: string, content: KeyFile): boolean {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(content, null, 2) + "\n", { mode: 0o600 });
  try {
    fs.linkSync(tmp, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  } finally {
    fs.unlinkSync(tmp);
  }
}

/** Every signing key, oldest first; the last one signs. Generates the first key when there is none. */
export function signingKeys(at: Date = new Date()): SigningKey[] {
  const file = secretFilePath(SIGNING_KEYS_FILE);
  if (!file) {
    memoryFile ??= { keys: [newKeyEntry(at, new Set())] };
    cache ??= { mtimeMs: 0, keys: toKeys(memoryFile) };
    return cache.keys;
  }
  if (!fs.existsSync(file) && createFileOnce(file, { keys: [newKeyEntry(at, new Set())] })) {
    console.log(`[frontline] Generated a credential signing key in ${path.relative(process.cwd(), file)} (keep it with the session secret).`);
  }
  const mtimeMs = fs.statSync(file).mtimeMs;
  if (!cache || cache.mtimeMs !== mtimeMs) cache = { mtimeMs, keys: toKeys(readFile(file)) };
  return cache.keys;
}

/** The key that signs now: the newest. */
export function currentSigningKey(): SigningKey {
  const keys = signingKeys();
  return keys[keys.length - 1]!;
}

/** Rotation: adds a new key that signs from now on; the old ones stay for verifying. Returns its kid. */
export function addSigningKey(at: Date = new Date()): string {
  const file = secretFilePath(SIGNING_KEYS_FILE);
  const current: KeyFile = file ? (fs.existsSync(file) ? readFile(file) : { keys: [] }) : (memoryFile ?? { keys: [] });
  const entry = newKeyEntry(at, new Set(current.keys.map((k) => k.kid)));
  const next = { keys: [...current.keys, entry] };
  if (file) writeFile(file, next);
  else memoryFile = next;
  cache = undefined;
  return entry.kid;
}
