/**
 * Issue 15's rules for the course (ADR 022): minutes from the words, plain words measured, a quiz
 * blueprint every role's pool can meet, and every topic a covered role's statute requires.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadContent } from "#app/server/content.server.ts";
import { SKILLS, modulesForRole, questionsForRole } from "#app/domain/content-schema.ts";
import { missingTopics } from "#app/domain/course-fit.ts";
import { drawQuestions, kindsOf } from "#app/domain/question-draw.ts";
import { MAX_GRADE_EN, MIN_PERSPICUITY_ES, gradeLevel, perspicuity, readableText, readingMinutes, roleMinutes, spanishSyllables } from "#app/domain/readability.ts";
import { COURSE_DIR, REAL, brokenCopy, problemsOf, replaceIn } from "#tests/support/content-copy.ts";

const content = loadContent(REAL);
const course = content.courses.get("recognize-and-respond")!;
const moduleFiles = fs.readdirSync(path.join(REAL, COURSE_DIR, "modules")).sort();
/** A module every role reads (roles: all): the limits for workers apply to it. */
const everyones = course.modules.find((m) => m.roles === "all")!;
const everyonesFile = path.basename(everyones.file);
const HARD =
  "Notwithstanding institutional considerations, organizational accountability necessitates comprehensive documentation of extraordinarily complicated circumstances, particularly regarding international exploitation, administrative responsibilities and jurisdictional complexities that characteristically accompany investigations.\n";
const HARD_ES =
  "Independientemente de las consideraciones institucionales, la responsabilidad organizativa requiere documentación exhaustivamente pormenorizada de circunstancias extraordinariamente complicadas, particularmente respecto de la explotación internacional, las responsabilidades administrativas y las complejidades jurisdiccionales que característicamente acompañan las investigaciones.\n";

describe("readability measures", () => {
  it("count Spanish syllables by their vowel nuclei", () => {
    const cases: [string, number][] = [
      ["trata", 2], ["ayuda", 3], ["país", 2], ["ciudad", 2], ["línea", 3], ["que", 1], ["guitarra", 3],
      ["pingüino", 3], ["hoy", 1], ["y", 1], ["información", 4], ["aeropuerto", 5], ["Reúne", 3], ["buey", 1],
    ];
    for (const [word, n] of cases) expect(spanishSyllables(word), word).toBe(n);
  });

  it("read plain text as easy and dense text as hard, in both languages", () => {
    const plain = "Call 911 if a child is in danger. Then tell your manager. Write down what you saw.";
    expect(gradeLevel(plain).grade).toBeLessThan(4);
    expect(gradeLevel(HARD).grade).toBeGreaterThan(MAX_GRADE_EN + 10);
    expect(perspicuity("Llame al 911 si un niño corre peligro. Luego avise a su jefe.").index).toBeGreaterThan(80);
    expect(perspicuity(HARD_ES).index).toBeLessThan(MIN_PERSPICUITY_ES);
  });

  it("leave out markup and source lines, and time the words at 200 a minute", () => {
    const text = readableText("---\nid: x\n---\n## Signs\n\n- **Many phones**\n\n*Source: DHS Blue Campaign.*\n");
    expect(text).toBe("Signs. Many phones.");
    expect(readingMinutes(399)).toBe(1);
    expect(readingMinutes(400)).toBe(2);
    expect(roleMinutes([{ words: 3000 }, { words: 1100 }])).toBe(20);
  });
});

describe("the shipped course", () => {
  it("paces each module no longer than its words take, and gives every role 20 minutes of words", () => {
    for (const m of course.modules) expect(m.minutes, m.id).toBeLessThanOrEqual(readingMinutes(m.words));
    for (const role of course.roles) expect(roleMinutes(modulesForRole(course, role)), role).toBeGreaterThanOrEqual(20);
  });

  it("meets every rule's required topics for every role the rule covers", () => {
    for (const { policy } of content.policies.values()) {
      for (const role of policy.coveredRoles.value ?? []) {
        const taught = new Set(modulesForRole(course, role).flatMap((m) => m.topics));
        const missing = missingTopics(policy, taught);
        expect(missing, `${policy.id} ${role}`).toEqual([]);
      }
    }
  });

  it("gives each role a pool of 30 or more, and no two roles of a sector the same modules and questions", () => {
    const seen = new Map<string, string>();
    for (const role of course.roles) {
      expect(questionsForRole(course, role).length, role).toBeGreaterThanOrEqual(30);
      const key = `${modulesForRole(course, role).map((m) => m.id).join()}|${questionsForRole(course, role).map((q) => q.id).join()}`;
      expect(seen.get(key), `${role} has the same modules and questions as ${seen.get(key)}`).toBeUndefined();
      seen.set(key, role);
    }
  });

  it("draws, for every role, the blueprint's recognising, responding, whom-to-call and own-role questions", () => {
    const byId = new Map(course.questions.map((q) => [q.id, q]));
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    for (const role of course.roles) {
      for (let i = 0; i < 40; i++) {
        const drawn = drawQuestions(questionsForRole(course, role), course.questionsPerAttempt, new Map(), random, course.blueprint);
        for (const [kind, n] of Object.entries(course.blueprint)) {
          const have = drawn.filter((d) => {
            const q = byId.get(d.questionId)!;
            return kind === "role" ? q.roles?.includes(role) : kindsOf(q).includes(kind as never);
          }).length;
          expect(have, `${role} ${kind}`).toBeGreaterThanOrEqual(n);
        }
      }
    }
    expect(new Set(course.questions.map((q) => q.skill))).toEqual(new Set(SKILLS));
  });

  it("asks no question about statistics or anecdotes: no percentages in the quiz", () => {
    for (const q of course.questions) expect(`${q.prompt} ${q.choices.map((c) => c.text).join(" ")}`, q.id).not.toMatch(/\d+\s?%|percent/i);
  });
});

describe("the loader refuses", () => {
  it.each([
    [
      "a module whose minutes pad the timer",
      (d: string) => replaceIn(path.join(d, COURSE_DIR, "modules", moduleFiles[0]!), /^minutes: .*$/m, "minutes: 60"),
      /minutes: 60 is more than its words take \(\d+ words = \d+ min at 200 words a minute\)/,
    ],
    [
      "a worker module in hard English",
      (d: string) => fs.appendFileSync(path.join(d, COURSE_DIR, "modules", everyonesFile), `\n${HARD.repeat(40)}`),
      new RegExp(`${everyonesFile.replace(".", "\\.")}: reads at grade \\d+\\.\\d \\(Flesch–Kincaid\\)`),
    ],
    [
      "a worker module in hard Spanish",
      (d: string) => fs.appendFileSync(path.join(d, COURSE_DIR, "i18n/es/modules", everyonesFile), `\n${HARD_ES.repeat(40)}`),
      /reads at -?\d+\.\d on the Szigriszt-Pazos scale/,
    ],
    [
      "a question that does not say what it tests",
      (d: string) => replaceIn(path.join(d, COURSE_DIR, "quiz.yaml"), /^\s+skill: \w+\n/m, ""),
      /quiz\.yaml: questions\[\d+\]\.skill: /,
    ],
    [
      "a pool that cannot give a draw its whom-to-call questions",
      (d: string) => replaceIn(path.join(d, COURSE_DIR, "quiz.yaml"), /skill: call/g, "skill: respond"),
      /role "front-desk": 0 "call" questions, fewer than the 2 every draw needs/,
    ],
    [
      "a blueprint that lets a worker pass without getting what to do right",
      (d: string) => replaceIn(path.join(d, COURSE_DIR, "course.yaml"), /^blueprint: .*$/m, "blueprint: { recognize: 3, respond: 1, call: 1, role: 2 }"),
      /blueprint: 2 respond and call questions per draw; a worker who passes may miss 2/,
    ],
  ])("%s", (_label, edit, expected) => {
    expect(problemsOf(brokenCopy(edit)).join("\n")).toMatch(expected);
  });
});

describe("npm run content:check", () => {
  const run = (dir: string) => {
    try {
      return { code: 0, out: execFileSync(process.execPath, ["--import", "tsx", "app/cli/content-check.ts", dir], { encoding: "utf8", stdio: "pipe" }) };
    } catch (e) {
      const err = e as { status: number; stdout: string; stderr: string };
      return { code: err.status, out: err.stdout + err.stderr };
    }
  };

  it("prints each rule's role × topic matrix and passes on the shipped content", () => {
    const { code, out } = run(REAL);
    expect(out).toMatch(/us-ca-lodging[\s\S]*front-desk\s+(✓\s+)+\n/);
    expect(out).toMatch(/T\d at-risk \(Who is most at risk of being trafficked\)/);
    expect(out).toMatch(/what-is-trafficking\s+\d+ words\s+\d+ min\s+grade\s+\d+\.\d\s+es \d+\.\d/);
    expect(code).toBe(0);
  }, 60_000);

  it("fails, naming the role and topic, when a covered role's modules lack a required topic", () => {
    const dir = brokenCopy((d) => {
      for (const f of moduleFiles) {
        const file = path.join(d, COURSE_DIR, "modules", f);
        fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace(/^(topics: \[.*)\bat-risk,? ?/m, "$1").replace(/, \]/, "]"));
      }
      // The English changed; this case is about topics only.
      fs.rmSync(path.join(d, COURSE_DIR, "i18n"), { recursive: true });
    });
    const { code, out } = run(dir);
    expect(out).toMatch(/front-desk\s+[✓✗ ]+lacks: .*at-risk/);
    expect(code).toBe(1);
  }, 60_000);
});
