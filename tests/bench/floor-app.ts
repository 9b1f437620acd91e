/**
 * The floor for bench:module (ADR 036): a minimal Remix v2 app with the same routes as this
 * one (stubs, from the same app/routes/ files' names) and the same future flags, on the same
 * adapter as the app — node:http, the app's request pipeline (app/server/http.server.ts), its
 * page compression and its Remix handler and error step, none of the app's other steps —
 * whose module route renders this page's markup (the body the app sent, parsed once into React
 * elements). Remix's default entry.server, no data but a one-field root loader. Built into
 * tests/.tmp/floor-app; served by `node --import tsx server.ts` in that directory.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { UNSAFE_flatRoutes } from "@remix-run/dev";

const DIR = path.resolve("tests/.tmp/floor-app");

interface Entry {
  id: string;
  path?: string;
  index?: boolean;
  file: string;
  children?: Entry[];
}

/** Builds the floor app for the page in `htmlFile`; returns the directory to serve it from. */
export function buildFloorApp(htmlFile: string): string {
  fs.rmSync(DIR, { recursive: true, force: true });
  fs.mkdirSync(path.join(DIR, "app/routes"), { recursive: true });
  const html = fs.readFileSync(htmlFile, "utf8");
  const body = (/<body[^>]*>([\s\S]*)<\/body>/i.exec(html)?.[1] ?? "")
    .replace(/<script\b[\s\S]*?<\/script>/gi, "")
    .replace(/<link rel="modulepreload"[^>]*>/gi, "");
  fs.writeFileSync(path.join(DIR, "app/markup.html"), body);
  // isbot listed: without it, Remix's build (default entry.server) adds it and runs `npm install`
  // here, and the floor then ran on its own fresh copies of Remix, without this checkout's patch of
  // @remix-run/router. With no node_modules of its own it resolves this checkout's packages.
  fs.writeFileSync(path.join(DIR, "package.json"), JSON.stringify({ name: "floor-app", private: true, type: "module", sideEffects: false, dependencies: { "@remix-run/node": "*", "@remix-run/react": "*", isbot: "*" } }));

  const manifest = UNSAFE_flatRoutes(path.resolve("app"), [], "routes");
  const entries = new Map<string, Entry>();
  let n = 0;
  for (const r of Object.values(manifest)) {
    const file = `routes/r${n++}.tsx`;
    entries.set(r.id, { id: r.id, path: r.path, index: r.index, file });
  }
  const top: Entry[] = [];
  for (const r of Object.values(manifest)) {
    const e = entries.get(r.id)!;
    const parent = r.parentId && r.parentId !== "root" ? entries.get(r.parentId) : undefined;
    if (parent) (parent.children ??= []).push(e);
    else top.push(e);
  }
  const moduleRoute = entries.get("routes/learn.$courseId.$moduleId");
  if (!moduleRoute) throw new Error("the module route is not routes/learn.$courseId.$moduleId any more: update tests/bench/floor-app.ts");
  for (const e of entries.values()) {
    const src =
      e === moduleRoute
        ? `import parse from "html-react-parser";\nimport markup from "../markup.html?raw";\nconst tree = parse(markup);\nexport default function Page() { return <>{tree}</>; }\n`
        : `import { Outlet } from "@remix-run/react";\nexport default function Stub() { return <Outlet />; }\n`;
    fs.writeFileSync(path.join(DIR, "app", e.file), src);
  }
  fs.writeFileSync(path.join(DIR, "app/routes.ts"), `export default ${JSON.stringify(top, null, 1)};\n`);
  fs.writeFileSync(
    path.join(DIR, "app/root.tsx"),
    `import { Links, Meta, Outlet, Scripts } from "@remix-run/react";
export function loader() { return { lang: "en" }; }
export default function App() {
  return (<html lang="en"><head><meta charSet="utf-8" /><Meta /><Links /></head><body><Outlet /><Scripts /></body></html>);
}
`,
  );
  // The same future flags as the app's vite.config.ts.
  const flags = /future:\s*(\{[^}]*\})/.exec(fs.readFileSync("vite.config.ts", "utf8"))?.[1];
  if (!flags) throw new Error("could not read the future flags in vite.config.ts");
  fs.writeFileSync(
    path.join(DIR, "vite.config.ts"),
    `import { vitePlugin as remix } from "@remix-run/dev";\nimport { defineConfig } from "vite";\nexport default defineConfig({ plugins: [remix({ future: ${flags} })], logLevel: "error" });\n`,
  );
  const server = (file: string) => JSON.stringify(path.resolve("app/server", file));
  fs.writeFileSync(
    path.join(DIR, "server.ts"),
    `import http from "node:http";
import { pipeline } from ${server("http.server.ts")};
import { answerError, pageCompression } from ${server("http-app.server.ts")};
import { remixHandler } from ${server("remix-handler.server.ts")};
const build = await import("./build/server/index.js");
const listener = pipeline([pageCompression(), remixHandler(build, () => ({}))], answerError);
http.createServer(listener).listen(Number(process.env.PORT), "127.0.0.1");
`,
  );
  const env = { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("VITEST"))), NODE_ENV: "production" as const };
  const r = spawnSync(path.resolve("node_modules/.bin/remix"), ["vite:build"], { cwd: DIR, env, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`building the floor app failed:\n${r.stdout}\n${r.stderr}`);
  if (fs.existsSync(path.join(DIR, "node_modules"))) throw new Error(`${DIR}/node_modules appeared: the floor must run on this checkout's packages`);
  return DIR;
}
