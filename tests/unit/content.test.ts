import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { hashDirectory, loadContent } from "#app/server/content.server.ts";
import { COURSE_DIR, REAL, brokenCopy, problemsOf, replaceIn } from "#tests/support/content-copy.ts";
import { modulesForRole, questionsForRole } from "#app/domain/content-schema.ts";

describe("the shipped content", () => {
  const content = loadContent(REAL);
  const course = content.courses.get("recognize-and-respond")!;

  it("is valid", () => {
    expect(course).toBeDefined();
    expect(course.title).toBe("Recognize and respond");
  });

  it("gives every role at least 20 minutes and enough questions, with at least 30 scenario questions in all", () => {
    expect(course.questions.length).toBeGreaterThanOrEqual(30);
    for (const role of course.roles) {
      expect(modulesForRole(course, role).reduce((s, m) => s + m.minutes, 0), role).toBeGreaterThanOrEqual(20);
      expect(questionsForRole(course, role).length, role).toBeGreaterThanOrEqual(course.questionsPerAttempt * 2);
    }
  });

  it("covers every lodging and transit role of the product", () => {
    expect(new Set(course.roles)).toEqual(new Set(content.roles.map((r) => r.id)));
  });

  it("gives every question an explanation and sources", () => {
    for (const q of course.questions) {
      expect(q.explanation.length, q.id).toBeGreaterThan(20);
      expect(q.sources.length, q.id).toBeGreaterThan(0);
    }
  });

  it("prints the national hotline exactly, and never the known wrong numbers", () => {
    const all = [...course.modules.map((m) => m.html), ...course.questions.map((q) => q.explanation)].join("\n");
    expect(all).toContain("1-888-373-7888");
    expect(all).toContain("233733");
    const nhth = content.hotlines.find((h) => h.id === "us-nhth")!;
    expect(nhth.call).toBe("1-888-373-7888");
    expect(nhth.text).toBe("233733");
    // 1-866-373-7888 and 888-373-3888 may only appear as wrong quiz choices.
    const teaching = course.modules.map((m) => m.html).join("\n");
    expect(teaching).not.toMatch(/866-373-7888|373-3888/);
  });

  it("renders Markdown safely: raw HTML in a module is escaped", () => {
    const dir = brokenCopy((d) => {
      const file = path.join(d, COURSE_DIR, "modules/01-what-is-trafficking.md");
      fs.appendFileSync(file, '\n<script>alert(1)</script>\n[x](javascript:alert(1))\n');
      // The English changed: its translation would be stale; this case is about Markdown only.
      fs.rmSync(path.join(d, COURSE_DIR, "i18n"), { recursive: true });
    });
    const html = loadContent(dir).courses.get("recognize-and-respond")!.modules[0]!.html;
    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;script&gt;");
    expect(html).not.toContain('href="javascript:');
  });

  it("hashes content: any change is a new version; line endings are not a change", () => {
    const a = hashDirectory(path.join(REAL, COURSE_DIR));
    const changed = brokenCopy((d) => fs.appendFileSync(path.join(d, COURSE_DIR, "modules/01-what-is-trafficking.md"), "\nOne more line.\n"));
    expect(hashDirectory(path.join(changed, COURSE_DIR))).not.toBe(a);
    const crlf = brokenCopy((d) => {
      const f = path.join(d, COURSE_DIR, "quiz.yaml");
      fs.writeFileSync(f, fs.readFileSync(f, "utf8").replace(/\n/g, "\r\n"));
    });
    expect(hashDirectory(path.join(crlf, COURSE_DIR))).toBe(a);
  });
});

describe("content:check names the file and field at fault", () => {
  it.each([
    [
      "a pass mark above 100",
      (d: string) => replaceIn(path.join(d, COURSE_DIR, "course.yaml"), /^passMark: .*$/m, "passMark: 180"),
      /course\.yaml: passMark: /,
    ],
    [
      "a question with no correct choice",
      (d: string) => replaceIn(path.join(d, COURSE_DIR, "quiz.yaml"), /correct: true/, "correct: false"),
      /quiz\.yaml: questions\[\d+\]\.choices: at least one choice must be correct/,
    ],
    [
      "a question citing an unknown source",
      (d: string) => replaceIn(path.join(d, COURSE_DIR, "quiz.yaml"), /sources: \[/, "sources: [no-such-source, "),
      /quiz\.yaml: questions\[0\]\.sources: unknown source "no-such-source"/,
    ],
    [
      "a module whose id does not match its file",
      (d: string) => replaceIn(path.join(d, COURSE_DIR, "modules/02-who-is-at-risk.md"), /^id: .*$/m, "id: other-id"),
      /02-who-is-at-risk\.md: id: "other-id" must match the file name/,
    ],
    [
      "a module with an unknown role",
      (d: string) => replaceIn(path.join(d, COURSE_DIR, "modules/11-bar-and-restaurant.md"), /^roles: .*$/m, "roles: [bartender]"),
      /11-bar-and-restaurant\.md: roles: unknown role "bartender"/,
    ],
    [
      "a module without minutes",
      (d: string) => replaceIn(path.join(d, COURSE_DIR, "modules/17-who-to-call.md"), /^minutes: .*\n/m, ""),
      /17-who-to-call\.md: minutes: /,
    ],
    [
      "a role left with too little material",
      (d: string) => replaceIn(path.join(d, COURSE_DIR, "course.yaml"), /^questionsPerAttempt: .*$/m, "questionsPerAttempt: 10\nminMinutesPerRole: 90"),
      /role "front-desk" reads \d+ minutes of material \(its words at 200 a minute\); minMinutesPerRole is 90/,
    ],
    [
      "a hotline with letters in its number",
      (d: string) => replaceIn(path.join(d, "hotlines.yaml"), "call: 1-888-373-7888", "call: 1-888-FAKE"),
      /hotlines\.yaml: hotlines\[1\]\.call: /,
    ],
    [
      "broken YAML",
      (d: string) => fs.appendFileSync(path.join(d, COURSE_DIR, "quiz.yaml"), "\n  - : : :\n\t"),
      /quiz\.yaml: /,
    ],
  ])("%s", (_label, edit, expected) => {
    const problems = problemsOf(brokenCopy(edit));
    expect(problems.join("\n")).toMatch(expected);
  });
});

describe("translations", () => {
  const ES = `${COURSE_DIR}/i18n/es`;
  it("are complete and current in the shipped content", () => {
    expect(problemsOf(REAL)).toEqual([]);
  });

  it("fail the check when English changes after the translation (module and question)", () => {
    const dir = brokenCopy((d) => {
      replaceIn(path.join(d, COURSE_DIR, "modules/01-what-is-trafficking.md"), "Human trafficking is a crime.", "Human trafficking is a serious crime.");
      replaceIn(path.join(d, COURSE_DIR, "quiz.yaml"), "Only if she was moved from another state.", "Only if she was moved across a state line.");
    });
    const problems = problemsOf(dir);
    expect(problems).toContainEqual(expect.stringMatching(/i18n\/es\/modules\/01-what-is-trafficking\.md: module what-is-trafficking is older than the English/));
    expect(problems).toContainEqual(expect.stringMatching(/i18n\/es\/quiz\.yaml: question "general-minor-no-exceptions" is older than the English/));
  });

  it("fail the check when a module or a question is missing from the translation", () => {
    const dir = brokenCopy((d) => {
      fs.rmSync(path.join(d, ES, "modules/17-who-to-call.md"));
      replaceIn(path.join(d, ES, "quiz.yaml"), /  - id: general-minor-no-exceptions\n[\s\S]*?(?=\n  - id: )/, "");
    });
    const problems = problemsOf(dir);
    expect(problems).toContainEqual(expect.stringMatching(/lacks module 17-who-to-call\.md/));
    expect(problems).toContainEqual(expect.stringMatching(/lacks question "general-minor-no-exceptions"/));
  });
});
