/**
 * What production runs is plain JavaScript, and the serving thread loads no PDF layout (ADR 036,
 * "No TypeScript loader in production"). The build (`remix vite:build`, which ends with
 * app/cli/build-node.ts) leaves build/node/serve.js and build/node/pdf-worker.js beside the
 * Remix build; `npm run serve` runs the first without tsx, and the PDF pool of the Remix build
 * starts the second. Before, tsx's module-hooks thread lived in every server process and every
 * PDF thread, and react-pdf and pdfkit were loaded by the serving thread for two constants:
 * ~60 MB resident between them (`npm run bench:load`).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { pdfWorkerEntry } from "#app/pdf/pool.server.ts";
import type { PdfReply } from "#app/pdf/worker.server.ts";
import { sampleCertificate } from "#tests/support/certificate-sample.ts";
import { serveArgs } from "#tests/support/server.ts";

const root = process.cwd();
/** The package names a bundle imports statically (`import … from "x"`, not `import("x")`). */
const staticImports = (file: string) => [...fs.readFileSync(file, "utf8").matchAll(/^import\s[^;]*?from\s*"([^"]+)"/gm)].map((m) => m[1]!);

describe("the production build", () => {
  it("is served by compiled JavaScript with the heap cap, without a TypeScript loader", () => {
    const args = serveArgs();
    expect(args).toContain("--max-old-space-size=192");
    expect(args.at(-1)).toBe("build/node/serve.js");
    expect(args.join(" ")).not.toMatch(/tsx|--import|--loader|\.ts\b/);
    const serve = path.join(root, "build/node/serve.js");
    expect(fs.existsSync(serve)).toBe(true);
    expect(staticImports(serve).filter((m) => !m.startsWith("node:") && !m.startsWith("."))).not.toContain("tsx");
    expect(fs.readFileSync(serve, "utf8")).not.toMatch(/from "#app\//); // the project's modules are bundled
  });

  it("loads neither react-pdf, pdfkit nor tsx in the serving thread; xAPI only when a statement is sent", () => {
    const imports = staticImports(path.join(root, "build/server/index.js"));
    expect(imports).toContain("react-dom/server"); // the pattern reads this bundle's imports
    expect(imports.filter((m) => /@react-pdf|pdfkit|^tsx|@xapi/.test(m))).toEqual([]);
  });

  it("starts the compiled PDF thread from the build, and it renders a certificate", async () => {
    const fromBuild = pdfWorkerEntry(pathToFileURL(path.join(root, "build/server/index.js")).href);
    expect(fromBuild).toBe(path.join(root, "build/node/pdf-worker.js"));
    expect(staticImports(fromBuild).filter((m) => !m.startsWith("node:") && !m.startsWith("."))).toEqual([]);
    // From source (tests, dev) the TypeScript worker is loaded through tsx.
    expect(pdfWorkerEntry(pathToFileURL(path.join(root, "app/pdf/pool.server.ts")).href)).toBe(path.join(root, "app/pdf/worker-bootstrap.mjs"));

    const worker = new Worker(fromBuild);
    try {
      const replies: (PdfReply | { ready: true })[] = [];
      const next = () => new Promise<PdfReply | { ready: true }>((resolve, reject) => {
        worker.once("message", resolve);
        worker.once("error", reject);
      });
      replies.push(await next());
      expect(replies[0]).toEqual({ ready: true });
      const reply = next();
      worker.postMessage({ id: 7, job: { kind: "certificate", data: sampleCertificate } });
      const done = await reply;
      expect(done).toMatchObject({ id: 7, ok: true });
      expect(Buffer.from((done as { bytes: Uint8Array }).bytes).subarray(0, 5).toString()).toBe("%PDF-");
    } finally {
      await worker.terminate();
    }
  });

  it("refuses to start from a build whose compiled PDF thread is missing", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "frontline-build-"));
    try {
      fs.mkdirSync(path.join(dir, "server"));
      expect(() => pdfWorkerEntry(pathToFileURL(path.join(dir, "server/index.js")).href)).toThrow(/pdf-worker\.js is missing: build with `npm run build`/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
