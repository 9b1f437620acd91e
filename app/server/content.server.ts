import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import MarkdownIt from "markdown-it";
import { KEEP_TOGETHER } from "#app/domain/keep-together.ts";
import YAML from "yaml";
import { z } from "zod";
import {
  CourseFileSchema,
  HotlinesFileSchema,
  ModuleFrontMatterSchema,
  QuizFileSchema,
  RolesFileSchema,
  formatIssues,
  modulesForRole,
  questionsForRole,
  type Course,
  type CourseModule,
  type Hotline,
  type JobRole,
  CardsFileSchema,
  ApprovalsFileSchema,
  TopicsFileSchema,
  type CourseApproval,
  type Topic,
  CourseTranslationSchema,
  ModuleTranslationFrontMatter,
  QuizTranslationSchema,
  type RoleCard,
} from "#app/domain/content-schema.ts";
import { PolicySchema, RULE_FIELDS, checkPolicyRoles, quotesNotFound, unverifiedFields, type Policy, type TrainingWindow } from "#app/domain/policy-schema.ts";
import { assessCourse, type CourseFit } from "#app/domain/course-fit.ts";
import { getEnv } from "#app/utils/env.server.ts";
import { MAX_GRADE_EN, MIN_PERSPICUITY_ES, READING_WPM, gradeLevel, perspicuity, readableText, readingMinutes, roleMinutes, words } from "#app/domain/readability.ts";
import { blueprintGaps } from "#app/domain/question-draw.ts";

/** A jurisdiction rule and its version: the first 12 hex digits of the file's SHA-256. */
export interface LoadedPolicy {
  policy: Policy;
  version: string;
}

export interface Content {
  roles: JobRole[];
  hotlines: Hotline[];
  courses: Map<string, Course>;
  policies: Map<string, LoadedPolicy>;
  /** Red-flags card per role id (content/cards.yaml). */
  cards: Map<string, RoleCard>;
  roleLabelsEs: Map<string, string>;
  /** Each course as shown in another language, keyed "courseId:lang"; English is `courses`. */
  translations: Map<string, Course>;
  /** Topics laws require a course to cover (content/topics.yaml). */
  topics: Map<string, Topic>;
  /** Approvals granted to the platform's course under a rule (content/approvals.yaml). */
  approvals: CourseApproval[];
  /** Whether the platform's course meets each rule for each covered role, keyed "ruleId:role". */
  fits: Map<string, CourseFit>;
}

export class ContentError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Content is invalid:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ContentError";
  }
}

// Raw HTML in Markdown is escaped, not rendered; unsafe link schemes are refused by
// markdown-it's validateLink. Module bodies are therefore safe to inject as HTML.
const markdown = new MarkdownIt({ html: false, linkify: true, typographer: true });
// Phone numbers and dates in the text stay on one line (a hyphen beside a digit is no place to
// break): wrapped in a span after escaping, so nothing from the file becomes markup.
const escapedText = markdown.renderer.rules.text!;
markdown.renderer.rules.text = (tokens, idx, options, env, self) =>
  escapedText(tokens, idx, options, env, self).replace(KEEP_TOGETHER, '<span class="nowrap">$&</span>');

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/;
const MODULE_FILE = /^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$/;

/** Reads and validates everything under `dir`; throws ContentError listing every problem. */
export function loadContent(dir: string): Content {
  const problems: string[] = [];
  const rel = (p: string) => path.relative(process.cwd(), p) || p;

  function parseYaml<S extends z.ZodType>(file: string, schema: S): z.infer<S> | undefined {
    let raw: unknown;
    try {
      raw = YAML.parse(fs.readFileSync(file, "utf8"), { prettyErrors: true });
    } catch (e) {
      problems.push(`${rel(file)}: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`);
      return undefined;
    }
    const result = schema.safeParse(raw);
    if (!result.success) {
      problems.push(...formatIssues(rel(file), result.error));
      return undefined;
    }
    return result.data;
  }

  const rolesFile = path.join(dir, "roles.yaml");
  const roles = fs.existsSync(rolesFile) ? parseYaml(rolesFile, RolesFileSchema)?.roles : undefined;
  if (!fs.existsSync(rolesFile)) problems.push(`${rel(rolesFile)}: file is missing`);
  const hotlinesFile = path.join(dir, "hotlines.yaml");
  const hotlines = fs.existsSync(hotlinesFile)
    ? parseYaml(hotlinesFile, HotlinesFileSchema)?.hotlines
    : undefined;
  if (!fs.existsSync(hotlinesFile)) problems.push(`${rel(hotlinesFile)}: file is missing`);
  const roleIds = new Set((roles ?? []).map((r) => r.id));
  const managerRoles = new Set((roles ?? []).filter((r) => r.track === "manager").map((r) => r.id));
  /** A module some worker (not only managers) reads: the plain-words limits apply (ADR 022). */
  const forWorkers = (m: { roles: "all" | string[] }) => m.roles === "all" || m.roles.some((r) => !managerRoles.has(r));

  const courses = new Map<string, Course>();
  const coursesDir = path.join(dir, "courses");
  const courseDirs = fs.existsSync(coursesDir)
    ? fs
        .readdirSync(coursesDir, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
        .sort()
    : [];
  if (courseDirs.length === 0) problems.push(`${rel(coursesDir)}: no course found`);

  for (const courseDirName of courseDirs) {
    const courseDir = path.join(coursesDir, courseDirName);
    const courseFile = path.join(courseDir, "course.yaml");
    const quizFile = path.join(courseDir, "quiz.yaml");
    const modulesDir = path.join(courseDir, "modules");
    for (const f of [courseFile, quizFile, modulesDir]) {
      if (!fs.existsSync(f)) problems.push(`${rel(f)}: file is missing`);
    }
    if (!fs.existsSync(courseFile) || !fs.existsSync(quizFile) || !fs.existsSync(modulesDir)) continue;

    const before = problems.length;
    const meta = parseYaml(courseFile, CourseFileSchema);
    const quiz = parseYaml(quizFile, QuizFileSchema);
    if (meta && meta.id !== courseDirName) {
      problems.push(`${rel(courseFile)}: id: "${meta.id}" must equal the folder name "${courseDirName}"`);
    }
    const sourceIds = new Set(meta?.sources.map((s) => s.id) ?? []);
    const checkRoles = (file: string, field: string, list: string[]) => {
      for (const r of list) {
        if (roles && !roleIds.has(r)) problems.push(`${rel(file)}: ${field}: unknown role "${r}" (see content/roles.yaml)`);
        else if (meta && !meta.roles.includes(r)) problems.push(`${rel(file)}: ${field}: role "${r}" is not in the course's roles`);
      }
    };
    const checkSources = (file: string, field: string, list: string[]) => {
      for (const s of list) {
        if (meta && !sourceIds.has(s)) problems.push(`${rel(file)}: ${field}: unknown source "${s}" (add it to course.yaml sources)`);
      }
    };
    if (meta) {
      for (const r of meta.roles) {
        if (roles && !roleIds.has(r)) problems.push(`${rel(courseFile)}: roles: unknown role "${r}" (see content/roles.yaml)`);
      }
      const dup = duplicates(meta.sources.map((s) => s.id));
      for (const d of dup) problems.push(`${rel(courseFile)}: sources: duplicate id "${d}"`);
    }

    // Modules
    const modules: CourseModule[] = [];
    const moduleFiles = fs.readdirSync(modulesDir).filter((f) => !f.startsWith(".")).sort();
    for (const name of moduleFiles) {
      const file = path.join(modulesDir, name);
      const m = MODULE_FILE.exec(name);
      if (!m) {
        problems.push(`${rel(file)}: file name must look like 01-module-id.md`);
        continue;
      }
      const text = fs.readFileSync(file, "utf8");
      const fm = FRONT_MATTER.exec(text);
      if (!fm) {
        problems.push(`${rel(file)}: front matter (between --- lines) is missing`);
        continue;
      }
      let raw: unknown;
      try {
        raw = YAML.parse(fm[1]!);
      } catch (e) {
        problems.push(`${rel(file)}: front matter: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`);
        continue;
      }
      const parsed = ModuleFrontMatterSchema.safeParse(raw);
      if (!parsed.success) {
        problems.push(...formatIssues(rel(file), parsed.error));
        continue;
      }
      const front = parsed.data;
      if (front.id !== m[2]) problems.push(`${rel(file)}: id: "${front.id}" must match the file name ("${m[2]}")`);
      if (front.roles !== "all") checkRoles(file, "roles", front.roles);
      checkSources(file, "sources", front.sources);
      const body = fm[2]!.trim();
      if (body.length === 0) problems.push(`${rel(file)}: body: the module has no text`);
      // The minutes a module's pacing asks come from its words (ADR 022): the timer may not pad.
      const readable = readableText(body);
      const wordCount = words(readable).length;
      const fair = readingMinutes(wordCount);
      if (front.minutes > fair) {
        problems.push(`${rel(file)}: minutes: ${front.minutes} is more than its words take (${wordCount} words = ${fair} min at ${READING_WPM} words a minute); set minutes: ${fair}`);
      }
      if (forWorkers(front)) {
        const { grade } = gradeLevel(readable);
        if (grade > MAX_GRADE_EN) problems.push(`${rel(file)}: reads at grade ${grade.toFixed(1)} (Flesch–Kincaid); a worker module must read at grade ${MAX_GRADE_EN} or below: shorter sentences, plainer words`);
      }
      modules.push({ ...front, order: Number(m[1]), file: rel(file), html: markdown.render(body), words: wordCount });
    }
    if (moduleFiles.length === 0) problems.push(`${rel(modulesDir)}: no module found`);
    for (const d of duplicates(modules.map((m) => m.id))) problems.push(`${rel(modulesDir)}: duplicate module id "${d}"`);
    for (const d of duplicates(modules.map((m) => m.order))) problems.push(`${rel(modulesDir)}: two modules share the number ${String(d).padStart(2, "0")}`);

    // Questions
    if (quiz) {
      quiz.questions.forEach((q, i) => {
        if (q.roles) checkRoles(quizFile, `questions[${i}].roles`, q.roles);
        checkSources(quizFile, `questions[${i}].sources`, q.sources);
      });
      for (const d of duplicates(quiz.questions.map((q) => q.id))) problems.push(`${rel(quizFile)}: questions: duplicate id "${d}"`);
    }

    if (problems.length > before || !meta || !quiz) continue;

    const course: Course = {
      ...meta,
      modules: modules.sort((a, b) => a.order - b.order),
      questions: quiz.questions,
      contentHash: hashDirectory(courseDir),
    };
    // Every role the course serves must have enough material and enough questions.
    for (const role of meta.roles) {
      const mods = modulesForRole(course, role);
      const minutes = roleMinutes(mods);
      if (mods.length === 0) problems.push(`${rel(modulesDir)}: role "${role}" sees no module`);
      if (minutes < meta.minMinutesPerRole) {
        problems.push(`${rel(modulesDir)}: role "${role}" reads ${minutes} minutes of material (its words at ${READING_WPM} a minute); minMinutesPerRole is ${meta.minMinutesPerRole}`);
      }
      const pool = questionsForRole(course, role);
      const least = Math.max(meta.questionsPerAttempt, meta.minQuestionsPerRole);
      if (pool.length < least) {
        problems.push(`${rel(quizFile)}: role "${role}" has ${pool.length} questions; it needs at least ${least} (minQuestionsPerRole ${meta.minQuestionsPerRole}, questionsPerAttempt ${meta.questionsPerAttempt})`);
      }
      for (const gap of blueprintGaps(pool, meta.questionsPerAttempt, meta.blueprint)) problems.push(`${rel(quizFile)}: role "${role}": ${gap}`);
    }
    {
      // No pass without a right answer on what to do: more response questions in every draw than
      // a passing worker may get wrong.
      const mayMiss = Math.floor((meta.questionsPerAttempt * (100 - meta.passMark)) / 100);
      const response = meta.blueprint.respond + meta.blueprint.call;
      if (response <= mayMiss) {
        problems.push(`${rel(courseFile)}: blueprint: ${response} respond and call questions per draw; a worker who passes may miss ${mayMiss}, so more than ${mayMiss} are needed for every pass to include a right answer on what to do`);
      }
    }
    courses.set(course.id, course);
  }

  // Translations (courses/<id>/i18n/<lang>/): complete, and no older than the English they translate.
  const translations = new Map<string, Course>();
  for (const courseDirName of courseDirs) {
    const i18nDir = path.join(coursesDir, courseDirName, "i18n");
    if (!fs.existsSync(i18nDir)) continue;
    const englishDir = path.join(coursesDir, courseDirName);
    for (const lang of fs.readdirSync(i18nDir).filter((d) => fs.statSync(path.join(i18nDir, d)).isDirectory())) {
      const english = courses.get(courseDirName); // a course's id is its directory's name (checked above)
      const workerFiles = new Set((english?.modules ?? []).filter(forWorkers).map((m) => path.basename(m.file)));
      const found = checkTranslation(englishDir, path.join(i18nDir, lang), lang, rel, (name) => workerFiles.has(name));
      problems.push(...found);
      if (found.length === 0 && english) translations.set(`${english.id}:${lang}`, readTranslation(english, path.join(i18nDir, lang)));
    }
  }

  // Spanish role labels (the course translation's roles.yaml), for roleLabel().
  const roleLabelsEs = new Map<string, string>();
  for (const courseDirName of courseDirs) {
    const file = path.join(coursesDir, courseDirName, "i18n", "es", "roles.yaml");
    if (!fs.existsSync(file)) continue;
    const parsed = parseYaml(file, z.object({ roles: z.array(z.object({ id: z.string(), label: z.string().min(1) })) }));
    for (const r of parsed?.roles ?? []) {
      if (roles && !roleIds.has(r.id)) problems.push(`${rel(file)}: unknown role "${r.id}"`);
      roleLabelsEs.set(r.id, r.label);
    }
  }

  // Red-flags cards: one per role, sources from the course.
  const cardsFile = path.join(dir, "cards.yaml");
  const cards = new Map<string, RoleCard>();
  if (fs.existsSync(cardsFile)) {
    const parsed = parseYaml(cardsFile, CardsFileSchema);
    const courseSources = new Set([...courses.values()].flatMap((c) => c.sources.map((s) => s.id)));
    parsed?.cards.forEach((card, i) => {
      if (roles && !roleIds.has(card.role)) problems.push(`${rel(cardsFile)}: cards[${i}].role: unknown role "${card.role}"`);
      for (const s of card.sources) if (!courseSources.has(s)) problems.push(`${rel(cardsFile)}: cards[${i}].sources: unknown source "${s}"`);
      if (cards.has(card.role)) problems.push(`${rel(cardsFile)}: cards[${i}].role: a second card for "${card.role}"`);
      cards.set(card.role, card);
    });
    for (const r of roles ?? []) if (parsed && !cards.has(r.id)) problems.push(`${rel(cardsFile)}: no card for role "${r.id}"`);
  }

  // Topics laws require (content/topics.yaml) and approvals held (content/approvals.yaml).
  const topicsFile = path.join(dir, "topics.yaml");
  const topics = new Map<string, Topic>();
  if (!fs.existsSync(topicsFile)) problems.push(`${rel(topicsFile)}: file is missing`);
  else for (const t of parseYaml(topicsFile, TopicsFileSchema)?.topics ?? []) topics.set(t.id, t);
  const approvalsFile = path.join(dir, "approvals.yaml");
  const approvals = fs.existsSync(approvalsFile) ? (parseYaml(approvalsFile, ApprovalsFileSchema)?.approvals ?? []) : [];
  if (topics.size > 0) {
    for (const course of courses.values()) {
      for (const m of course.modules) for (const t of m.topics) if (!topics.has(t)) problems.push(`${m.file}: topics: unknown topic "${t}" (see content/topics.yaml)`);
    }
  }

  // The law's own words, as read: content/policies/texts/<source-id>.md (front matter url, title, retrieved).
  const texts = new Map<string, { url: string; text: string }>();
  const textsDir = path.join(dir, "policies", "texts");
  for (const name of fs.existsSync(textsDir) ? fs.readdirSync(textsDir).filter((f) => f.endsWith(".md")).sort() : []) {
    const file = path.join(textsDir, name);
    const fm = FRONT_MATTER.exec(fs.readFileSync(file, "utf8"));
    let head: unknown;
    try {
      head = fm ? YAML.parse(fm[1]!) : undefined;
    } catch {
      head = undefined;
    }
    const front = z.object({ url: z.url(), title: z.string().min(1), retrieved: z.union([z.string(), z.date()]) }).safeParse(head);
    if (!fm || !front.success) {
      problems.push(`${rel(file)}: front matter needs url, title and retrieved`);
      continue;
    }
    texts.set(name.replace(/\.md$/, ""), { url: front.data.url, text: fm[2]! });
  }

  // Jurisdiction rules: content/policies/<id>.yaml
  const policies = new Map<string, LoadedPolicy>();
  const policiesDir = path.join(dir, "policies");
  const policyFiles = fs.existsSync(policiesDir) ? fs.readdirSync(policiesDir).filter((f) => f.endsWith(".yaml")).sort() : [];
  for (const name of policyFiles) {
    const file = path.join(policiesDir, name);
    const policy = parseYaml(file, PolicySchema);
    if (!policy) continue;
    const expectedId = name.replace(/\.yaml$/, "");
    if (policy.id !== expectedId) problems.push(`${rel(file)}: id: "${policy.id}" must equal the file name ("${expectedId}")`);
    if (roles) for (const p of checkPolicyRoles(policy, roles)) problems.push(`${rel(file)}: ${p}`);
    for (const source of policy.sources) {
      const stored = texts.get(source.id);
      if (stored && stored.url !== source.url) problems.push(`${rel(file)}: sources: "${source.id}" has url ${source.url}, but its stored text was read at ${stored.url}`);
    }
    const bodies = new Map([...texts].map(([id, t]) => [id, t.text]));
    for (const q of quotesNotFound(policy, bodies)) problems.push(`${rel(file)}: ${q.field}.quotes[${q.index}]: ${q.problem}`);
    (policy.requiredContent.value ?? []).forEach((c, i) => {
      if (topics.size > 0 && !topics.has(c.topic)) problems.push(`${rel(file)}: requiredContent.value[${i}].topic: unknown topic "${c.topic}" (see content/topics.yaml)`);
    });
    const version = crypto.createHash("sha256").update(fs.readFileSync(file, "utf8").replace(/\r\n/g, "\n")).digest("hex").slice(0, 12);
    policies.set(policy.id, { policy, version });
  }
  const keys = [...policies.values()].map((p) => `${p.policy.jurisdiction} ${p.policy.sector}`);
  for (const d of duplicates(keys)) problems.push(`${rel(policiesDir)}: two rules for ${d}; keep one rule per jurisdiction and sector`);

  // Does the platform's course meet each rule, role by role?
  const fits = new Map<string, CourseFit>();
  for (const { policy } of policies.values()) {
    for (const role of policy.coveredRoles.value ?? []) {
      const course = [...courses.values()].find((c) => c.roles.includes(role));
      if (!course) continue;
      const mods = modulesForRole(course, role);
      fits.set(
        `${policy.id}:${role}`,
        assessCourse(policy, {
          minutes: roleMinutes(mods),
          topics: new Set(mods.flatMap((m) => m.topics)),
          // Modules are Markdown rendered without raw HTML (see `markdown` above): no video can be embedded.
          hasVideo: false,
          approvedFor: new Set(approvals.filter((a) => a.course === course.id).map((a) => a.rule)),
        }),
      );
    }
  }

  if (problems.length > 0 || !roles || !hotlines) throw new ContentError(problems);
  return { roles, hotlines, courses, policies, cards, roleLabelsEs, translations, topics, approvals, fits };
}

/**
 * The course in a translation's words: the same ids, order, roles, sources, minutes,
 * correct answers and content hash (so an attempt is the same attempt in either language),
 * with titles, bodies, prompts, choices and explanations from the translation.
 * Only called once checkTranslation found the translation complete and current.
 */
function readTranslation(english: Course, dir: string): Course {
  const meta = CourseTranslationSchema.parse(YAML.parse(fs.readFileSync(path.join(dir, "course.yaml"), "utf8")));
  const quiz = QuizTranslationSchema.parse(YAML.parse(fs.readFileSync(path.join(dir, "quiz.yaml"), "utf8")));
  const questions = new Map(quiz.questions.map((q) => [q.id, q]));
  const modules = english.modules.map((m) => {
    const name = path.basename(m.file);
    const fm = FRONT_MATTER.exec(fs.readFileSync(path.join(dir, "modules", name), "utf8"))!;
    const front = ModuleTranslationFrontMatter.parse(YAML.parse(fm[1]!));
    return { ...m, title: front.title, summary: front.summary, html: markdown.render(fm[2]!.trim()) };
  });
  return {
    ...english,
    title: meta.title,
    summary: meta.summary,
    modules,
    questions: english.questions.map((q) => {
      const t = questions.get(q.id)!;
      return { ...q, prompt: t.prompt, explanation: t.explanation, choices: q.choices.map((c, i) => ({ ...c, text: t.choices[i]!.text })) };
    }),
  };
}

/** What a translation records of its English source: the first 16 hex digits of its SHA-256. */
export function sourceHash(textOrValue: string) {
  return crypto.createHash("sha256").update(textOrValue).digest("hex").slice(0, 16);
}
const fileHash = (file: string) => sourceHash(fs.readFileSync(file, "utf8").replace(/\r\n/g, "\n"));

/**
 * Problems with one language's translation of a course: a module or question English has
 * that the translation lacks (or the reverse), choices that differ, and any part whose
 * `sourceHash` is not the hash of the English it claims to translate (English changed since).
 */
function checkTranslation(englishDir: string, dir: string, lang: string, rel: (p: string) => string, forWorkers: (moduleFile: string) => boolean): string[] {
  const problems: string[] = [];
  const read = <S extends z.ZodType>(file: string, schema: S): z.infer<S> | undefined => {
    if (!fs.existsSync(file)) {
      problems.push(`${rel(file)}: missing: the ${lang} translation lacks it`);
      return undefined;
    }
    const parsed = schema.safeParse(YAML.parse(fs.readFileSync(file, "utf8")));
    if (!parsed.success) {
      problems.push(...formatIssues(rel(file), parsed.error));
      return undefined;
    }
    return parsed.data;
  };
  const stale = (file: string, what: string, current: string) =>
    `${rel(file)}: ${what} is older than the English it translates (sourceHash differs): translate the change, then set sourceHash: "${current}"`;
  const course = read(path.join(dir, "course.yaml"), CourseTranslationSchema);
  const courseHash = fileHash(path.join(englishDir, "course.yaml"));
  if (course && course.sourceHash !== courseHash) problems.push(stale(path.join(dir, "course.yaml"), "the course title and summary", courseHash));
  const englishModules = fs.readdirSync(path.join(englishDir, "modules")).filter((f) => f.endsWith(".md"));
  const translated = new Set(fs.existsSync(path.join(dir, "modules")) ? fs.readdirSync(path.join(dir, "modules")).filter((f) => f.endsWith(".md")) : []);
  for (const name of englishModules) {
    const file = path.join(dir, "modules", name);
    if (!translated.has(name)) {
      problems.push(`${rel(file)}: missing: the ${lang} translation lacks module ${name}`);
      continue;
    }
    const fm = FRONT_MATTER.exec(fs.readFileSync(file, "utf8"));
    const front = fm ? ModuleTranslationFrontMatter.safeParse(YAML.parse(fm[1]!)) : undefined;
    if (!front?.success) {
      problems.push(`${rel(file)}: front matter: needs id, title, summary and sourceHash`);
      continue;
    }
    if (!fm![2]!.trim()) problems.push(`${rel(file)}: body: the translation has no text`);
    if (lang === "es" && forWorkers(name)) {
      const { index } = perspicuity(readableText(fm![2]!));
      if (index < MIN_PERSPICUITY_ES) problems.push(`${rel(file)}: reads at ${index.toFixed(1)} on the Szigriszt-Pazos scale; a worker module must read at ${MIN_PERSPICUITY_ES} or above: shorter sentences, plainer words`);
    }
    const moduleHash = fileHash(path.join(englishDir, "modules", name));
    if (front.data.sourceHash !== moduleHash) problems.push(stale(file, `module ${front.data.id}`, moduleHash));
    translated.delete(name);
  }
  for (const extra of translated) problems.push(`${rel(path.join(dir, "modules", extra))}: no English module has this name`);
  const quizFile = path.join(dir, "quiz.yaml");
  const quiz = read(quizFile, QuizTranslationSchema);
  if (quiz) {
    let english: { id: string; choices: { id: string }[] }[];
    try {
      english = (YAML.parse(fs.readFileSync(path.join(englishDir, "quiz.yaml"), "utf8")) as { questions: { id: string; choices: { id: string }[] }[] }).questions;
    } catch {
      return problems; // the English quiz is broken: reported on its own
    }
    const byId = new Map(quiz.questions.map((q) => [q.id, q]));
    for (const q of english) {
      const t = byId.get(q.id);
      if (!t) {
        problems.push(`${rel(quizFile)}: missing: the ${lang} translation lacks question "${q.id}"`);
        continue;
      }
      if (t.choices.map((c) => c.id).join() !== q.choices.map((c) => c.id).join()) problems.push(`${rel(quizFile)}: question "${q.id}": choices must be the English ones, in order`);
      const questionHash = sourceHash(JSON.stringify(q));
      if (t.sourceHash !== questionHash) problems.push(`${rel(quizFile)}: question "${q.id}" is older than the English it translates (sourceHash differs): translate the change, then set sourceHash: "${questionHash}"`);
      byId.delete(q.id);
    }
    for (const id of byId.keys()) problems.push(`${rel(quizFile)}: question "${id}" has no English original`);
  }
  return problems;
}

/**
 * SHA-256 over the relative path and bytes of every file, in a fixed order. Translations
 * (`i18n/`) are left out: a course's version is its English source; each translation
 * records the hash of the English it translates.
 */
export function hashDirectory(dir: string): string {
  const hash = crypto.createHash("sha256");
  const walk = (d: string): string[] =>
    fs
      .readdirSync(d, { withFileTypes: true })
      .filter((e) => !e.name.startsWith(".") && !(d === dir && e.name === "i18n"))
      .flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
  for (const file of walk(dir).sort()) {
    hash.update(path.relative(dir, file).split(path.sep).join("/"));
    hash.update("\0");
    // Normalise line endings so a checkout with CRLF yields the same version.
    hash.update(fs.readFileSync(file, "utf8").replace(/\r\n/g, "\n"));
    hash.update("\0");
  }
  return hash.digest("hex");
}

function duplicates<T>(values: T[]): T[] {
  const seen = new Set<T>();
  const dup = new Set<T>();
  for (const v of values) (seen.has(v) ? dup : seen).add(v);
  return [...dup];
}

let cached: Content | undefined;

/** The validated content of CONTENT_DIR, loaded once per process. */
export function getContent(): Content {
  if (!cached) cached = loadContent(path.resolve(getEnv().CONTENT_DIR));
  return cached;
}

export function getCourse(courseId: string): Course | undefined {
  return getContent().courses.get(courseId);
}

/**
 * The course as shown in `lang`: its translation when there is one, else the English.
 * Ids, correct answers and the content hash are the same in every language.
 */
export function localizeCourse(course: Course, lang: string): Course {
  if (lang === "en") return course;
  return getContent().translations.get(`${course.id}:${lang}`) ?? course;
}

/** A course's title in `lang` (its translation's), else `fallback` (the title a certificate recorded). */
export function courseTitleIn(courseId: string, lang: string, fallback: string): string {
  const course = getCourse(courseId);
  return course && lang !== "en" ? localizeCourse(course, lang).title : fallback;
}

/** A job role's name in `lang` (the course translation's roles.yaml), else in English. */
export function roleLabel(roleId: string, lang: string): string {
  const spanish = lang === "es" ? getContent().roleLabelsEs.get(roleId) : undefined;
  return spanish ?? getRole(roleId)?.label ?? roleId;
}

/** The course a worker in `role` takes (the first course that serves the role). */
export function getCourseForRole(role: string): Course | undefined {
  for (const course of getContent().courses.values()) {
    if (course.roles.includes(role)) return course;
  }
  return undefined;
}

export function getRole(roleId: string): JobRole | undefined {
  return getContent().roles.find((r) => r.id === roleId);
}

/**
 * The jurisdiction rule for an employer (its jurisdiction and sector), if one in force is on
 * file and reaches it. A law not enacted, repealed or not yet in force is kept on file for the
 * record, but no status is computed against it; nor against a law that reaches only some
 * businesses (`appliesOnlyIf`) until the employer confirms it is one.
 */
export function getRuleFor(employer: { jurisdiction: string; sector: string; confirmedRuleId?: string | null }): LoadedPolicy | undefined {
  const law = getLawFor(employer);
  if (law?.policy.status !== "in-force") return undefined;
  // A law for only some businesses of the sector applies once the employer said it is one of them.
  if (law.policy.appliesOnlyIf !== null && employer.confirmedRuleId !== law.policy.id) return undefined;
  return law;
}

/** The rule file for a jurisdiction and sector, whatever its status. */
export function getLawFor(employer: { jurisdiction: string; sector: string }): LoadedPolicy | undefined {
  for (const p of getContent().policies.values()) {
    if (p.policy.jurisdiction === employer.jurisdiction && p.policy.sector === employer.sector) return p;
  }
  return undefined;
}

/**
 * Whether the platform's course meets `rule` for a worker in `role`. A role the rule does not
 * cover, or no course for it: does not meet (nothing to count).
 */
export function courseFit(ruleId: string, role: string): CourseFit {
  return getContent().fits.get(`${ruleId}:${role}`) ?? { meets: false, gaps: [] };
}

export function rolesForSector(sector: string): JobRole[] {
  return getContent().roles.filter((r) => r.sector === sector);
}

/** A topic's name in `lang` (content/topics.yaml), else its id. */
export function topicLabel(id: string, lang: string): string {
  const topic = getContent().topics.get(id);
  return topic ? (lang === "es" ? topic.es : topic.en) : id;
}

export interface RuleOverview {
  id: string;
  title: string;
  citation: string;
  checkedOn: string;
  verified: boolean;
  /** Fields quoted from the law's own text, of all fields. */
  quoted: number;
  fields: number;
  window: TrainingWindow | null;
  renewalMonths: number | null;
  notServed: string | null;
  employerAttestation: boolean;
  signs: number;
  /** Each covered role of the employer's sector, and whether the platform's course meets the rule for it. */
  roles: { id: string; label: string; meets: boolean }[];
  /** Why the course falls short, once per distinct reason, ready for the view's messages. */
  gaps: { key: string; kind: string; values: Record<string, string | number>; fieldIds?: string[] }[];
}

/** What the views show of a rule: plain ids and figures; the words come from the message files. */
export function ruleOverview(loaded: LoadedPolicy, roles: { id: string; label: string }[], lang: string): RuleOverview {
  const p = loaded.policy;
  const covered = roles.filter((r) => (p.coveredRoles.value ?? []).includes(r.id)).map((r) => ({ ...r, meets: courseFit(p.id, r.id).meets }));
  const gaps = new Map<string, RuleOverview["gaps"][number]>();
  for (const r of covered) {
    for (const g of courseFit(p.id, r.id).gaps) {
      const values: Record<string, string | number> =
        g.kind === "approval" || g.kind === "state-course"
          ? { by: g.by }
          : g.kind === "minutes"
            ? { required: g.required, actual: g.actual }
            : g.kind === "content"
              ? { topics: g.topics.map((t) => topicLabel(t, lang)).join("; ") }
              : g.kind === "unknown"
                ? { fields: g.fields.join(", ") }
                : {};
      const key = `${g.kind}:${JSON.stringify(values)}`;
      gaps.set(key, { key, kind: g.kind, values, ...(g.kind === "unknown" ? { fieldIds: g.fields } : {}) });
    }
  }
  return {
    id: p.id,
    title: p.title,
    citation: p.citation,
    checkedOn: p.checkedOn,
    verified: p.verified,
    quoted: RULE_FIELDS.length - unverifiedFields(p).length,
    fields: RULE_FIELDS.length,
    window: p.firstTraining.value,
    renewalMonths: p.renewal.value?.months ?? null,
    notServed: p.notServed,
    employerAttestation: p.employerAttestation.value !== null,
    signs: (p.signs.value ?? []).length,
    roles: covered,
    gaps: [...gaps.values()],
  };
}

/** How the platform's course stands under one law, for a role: meets it by itself, or what it lacks. */
export interface LawStanding {
  rule: string;
  title: string;
  citation: string;
  jurisdiction: string;
  meetsByItself: boolean;
  /** What the law asks that the course does not show: approval or state course (with who), video, minutes, content, unknown. */
  needs: { kind: string; by?: string }[];
}

/** Every law in force that covers `role`, and whether the platform's course meets it by itself (certificates, verify page, JSON API). */
export function lawsForRole(role: string): LawStanding[] {
  return [...getContent().policies.values()]
    .filter(({ policy }) => policy.status === "in-force" && (policy.coveredRoles.value ?? []).includes(role))
    .sort((a, b) => a.policy.jurisdiction.localeCompare(b.policy.jurisdiction) || a.policy.id.localeCompare(b.policy.id))
    .map(({ policy }) => {
      const fit = courseFit(policy.id, role);
      return {
        rule: policy.id,
        title: policy.title,
        citation: policy.citation,
        jurisdiction: policy.jurisdiction,
        meetsByItself: fit.meets,
        needs: fit.gaps.map((g) => (g.kind === "approval" || g.kind === "state-course" ? { kind: g.kind, by: g.by } : { kind: g.kind })),
      };
    });
}
