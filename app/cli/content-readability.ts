/**
 * npm run content:readability [-- FILE.md ...] — each module's words, the minutes they take at
 * READING_WPM, and how hard they read (English: Flesch–Kincaid grade; Spanish, files under
 * i18n/es/: Szigriszt-Pazos perspicuity). Without files: every module of every course.
 */
import fs from "node:fs";
import path from "node:path";
import { MAX_GRADE_EN, MIN_PERSPICUITY_ES, gradeLevel, perspicuity, readableText, readingMinutes } from "#app/domain/readability.ts";

const files = process.argv.slice(2).length
  ? process.argv.slice(2)
  : fs
      .readdirSync("content/courses", { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith(".md"))
      .map((f) => path.join("content/courses", f))
      .sort();
let bad = 0;
for (const file of files) {
  const text = readableText(fs.readFileSync(file, "utf8"));
  if (/[/\\]i18n[/\\]es[/\\]/.test(file)) {
    const { index, counts } = perspicuity(text);
    const ok = index >= MIN_PERSPICUITY_ES;
    if (!ok) bad++;
    console.log(`${ok ? "  " : "✗ "}${file}: ${counts.words} words, perspicuity ${index.toFixed(1)} (needs ≥ ${MIN_PERSPICUITY_ES}), ${(counts.words / counts.sentences).toFixed(1)} words/sentence`);
  } else {
    const { grade, counts } = gradeLevel(text);
    const ok = grade <= MAX_GRADE_EN;
    if (!ok) bad++;
    console.log(`${ok ? "  " : "✗ "}${file}: ${counts.words} words = ${readingMinutes(counts.words)} min, grade ${grade.toFixed(1)} (needs ≤ ${MAX_GRADE_EN}), ${(counts.words / counts.sentences).toFixed(1)} words/sentence`);
  }
}
process.exitCode = bad ? 1 : 0;
