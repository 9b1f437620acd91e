import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ContentError, loadContent } from "#app/server/content.server.ts";

/** The shipped content/ folder, and its one course's folder within it. */
export const REAL = path.resolve("content");
export const COURSE_DIR = "courses/recognize-and-respond";

/** A copy of content/ with `edit` applied, so each case breaks exactly one thing. */
export function brokenCopy(edit: (dir: string) => void) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "frontline-content-"));
  fs.cpSync(REAL, dir, { recursive: true });
  edit(dir);
  return dir;
}

/** What the loader refuses in `dir` (empty when it loads). */
export function problemsOf(dir: string): string[] {
  try {
    loadContent(dir);
  } catch (e) {
    if (e instanceof ContentError) return e.problems;
    throw e;
  }
  return [];
}

export function replaceIn(file: string, from: string | RegExp, to: string) {
  const text = fs.readFileSync(file, "utf8");
  const next = text.replace(from, to);
  if (next === text) throw new Error(`pattern not found in ${file}`);
  fs.writeFileSync(file, next);
}
