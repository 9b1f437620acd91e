import { z } from "zod";
import { isIsoDate } from "./dates.ts";

/** Schemas for the files under content/. Pure: no I/O (the loader lives in models/). */

const kebab = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "must be kebab-case (a-z, 0-9, single dashes)");

/** A calendar date YYYY-MM-DD, as content files write dates. */
export const IsoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD")
  .refine(isIsoDate, "no such date");

export const SectorSchema = z.enum(["lodging", "transit"]);
export type Sector = z.infer<typeof SectorSchema>;

export const RolesFileSchema = z.strictObject({
  roles: z
    .array(
      z.strictObject({
        id: kebab,
        sector: SectorSchema,
        label: z.string().min(1),
        /**
         * "manager": owners and managers, whose track adds the employer's duties and the response
         * protocol; the plain-words limits (ADR 022) apply to every module a "worker" role sees.
         */
        track: z.enum(["worker", "manager"]).default("worker"),
      }),
    )
    .min(1),
});
export type JobRole = z.infer<typeof RolesFileSchema>["roles"][number];

const SourceRef = z.strictObject({
  title: z.string().min(1),
  publisher: z.string().min(1),
  url: z.url({ protocol: /^https$/, error: "must be an https URL" }),
});

export const HotlinesFileSchema = z.strictObject({
  hotlines: z
    .array(
      z.strictObject({
        id: kebab,
        name: z.string().min(1),
        call: z.string().regex(/^[0-9-]+$/, "digits and dashes only"),
        text: z.string().regex(/^[0-9]+$/).optional(),
        tty: z.string().regex(/^[0-9]+$/).optional(),
        when: z.string().min(1),
        source: SourceRef,
      }),
    )
    .min(1),
});
export type Hotline = z.infer<typeof HotlinesFileSchema>["hotlines"][number];

export const CourseFileSchema = z.strictObject({
  id: kebab,
  version: z.string().regex(/^\d+\.\d+\.\d+$/, "must be a version like 1.0.0"),
  title: z.string().min(1),
  summary: z.string().min(1),
  sectors: z.array(SectorSchema).min(1),
  roles: z.array(kebab).min(1),
  /** Percent of questions answered correctly needed to pass. */
  passMark: z.number().int().min(1).max(100),
  questionsPerAttempt: z.number().int().min(1).max(100),
  validityMonths: z.number().int().min(1).max(120).default(12),
  /** Every role must see at least this many minutes of material (counted from the words, ADR 022). */
  minMinutesPerRole: z.number().int().min(0).default(20),
  /** Every role's question pool must hold at least this many questions. */
  minQuestionsPerRole: z.number().int().min(1).default(30),
  /**
   * The quiz blueprint (ADR 022): the least number of questions of each kind in every draw —
   * recognising a sign, responding safely, choosing whom to call, and questions written for the
   * worker's own role. A question counts for its skill and, when it names roles, for "role" too.
   */
  blueprint: z
    .strictObject({
      recognize: z.number().int().min(0),
      respond: z.number().int().min(0),
      call: z.number().int().min(0),
      role: z.number().int().min(0),
    })
    .default({ recognize: 0, respond: 0, call: 0, role: 0 }),
  sources: z
    .array(
      z.strictObject({
        id: kebab,
        title: z.string().min(1),
        publisher: z.string().min(1),
        url: z.url({ protocol: /^https$/, error: "must be an https URL" }),
      }),
    )
    .min(1),
});
export type CourseFile = z.infer<typeof CourseFileSchema>;
export type Source = CourseFile["sources"][number];

export const ModuleFrontMatterSchema = z.strictObject({
  id: kebab,
  title: z.string().min(1),
  roles: z.union([z.literal("all"), z.array(kebab).min(1)]),
  minutes: z.number().int().min(1).max(120),
  sources: z.array(kebab).min(1, "every module must cite at least one source"),
  summary: z.string().min(1),
  /** Topic ids from content/topics.yaml the module teaches (what the laws' required content is matched against). */
  topics: z.array(kebab).default([]),
});
export type ModuleFrontMatter = z.infer<typeof ModuleFrontMatterSchema>;

export const QuizFileSchema = z.strictObject({
  questions: z
    .array(
      z
        .strictObject({
          id: kebab,
          roles: z.array(kebab).min(1).optional(),
          /**
           * What the question tests (the quiz blueprint, ADR 022): recognising a sign, responding
           * safely, or choosing whom to call (911, the hotline, the police).
           */
          skill: z.enum(["recognize", "respond", "call"]),
          prompt: z.string().min(1),
          choices: z
            .array(
              z.strictObject({
                id: z.string().regex(/^[a-z0-9]{1,8}$/, "must be 1-8 lower-case letters or digits"),
                text: z.string().min(1),
                correct: z.boolean().optional(),
              }),
            )
            .min(2, "a question needs at least two choices"),
          explanation: z.string().min(1),
          sources: z.array(kebab).min(1, "every question must cite at least one source"),
        })
        .superRefine((q, ctx) => {
          if (!q.choices.some((c) => c.correct)) {
            ctx.addIssue({ code: "custom", path: ["choices"], message: "at least one choice must be correct" });
          }
          if (q.choices.every((c) => c.correct)) {
            ctx.addIssue({ code: "custom", path: ["choices"], message: "at least one choice must be wrong" });
          }
          const seen = new Set<string>();
          q.choices.forEach((c, i) => {
            if (seen.has(c.id)) {
              ctx.addIssue({ code: "custom", path: ["choices", i, "id"], message: `duplicate choice id "${c.id}"` });
            }
            seen.add(c.id);
          });
        }),
    )
    .min(1),
});
export type QuizFile = z.infer<typeof QuizFileSchema>;
export type Question = QuizFile["questions"][number];

/** A module as the app uses it: front matter plus its rendered body. */
export interface CourseModule extends ModuleFrontMatter {
  order: number;
  file: string;
  html: string;
  /** Words a reader reads (app/domain/readability.ts readableText): what the minutes are counted from. */
  words: number;
}

export type Skill = Question["skill"];
export const SKILLS = ["recognize", "respond", "call"] as const satisfies readonly Skill[];

export interface Course extends Omit<CourseFile, "sources"> {
  sources: Source[];
  modules: CourseModule[];
  questions: Question[];
  /** SHA-256 over every file of the course: a content change is a new version. */
  contentHash: string;
}

export function moduleVisibleTo(module: Pick<ModuleFrontMatter, "roles">, role: string) {
  return module.roles === "all" || module.roles.includes(role);
}

export function questionVisibleTo(question: Pick<Question, "roles">, role: string) {
  return !question.roles || question.roles.includes(role);
}

export function modulesForRole(course: Pick<Course, "modules">, role: string) {
  return course.modules.filter((m) => moduleVisibleTo(m, role));
}

export function questionsForRole(course: Pick<Course, "questions">, role: string) {
  return course.questions.filter((q) => questionVisibleTo(q, role));
}

/** "1.0.0+3f9a12c4": the author's version and the start of the content hash. */
export function versionLabel(course: Pick<Course, "version" | "contentHash">) {
  return `${course.version}+${course.contentHash.slice(0, 8)}`;
}

/** Formats zod issues as `file: path.to.field: message` lines. */
export function formatIssues(file: string, error: z.ZodError): string[] {
  return error.issues.map((i) => `${file}: ${i.path.length ? formatPath(i.path) + ": " : ""}${i.message}`);
}

function formatPath(p: PropertyKey[]) {
  return p
    .map((seg, idx) => (typeof seg === "number" ? `[${seg}]` : `${idx === 0 ? "" : "."}${String(seg)}`))
    .join("");
}

const CardText = z.strictObject({
  title: z.string().min(1).max(80),
  signs: z.array(z.string().min(1).max(110)).min(4).max(9),
  do: z.array(z.string().min(1).max(140)).min(3).max(6),
  reminder: z.string().min(1).max(200),
});

/** content/cards.yaml: the red-flags card a worker keeps after passing, per role, in English and Spanish. */
export const CardsFileSchema = z.strictObject({
  cards: z
    .array(
      z
        .strictObject({ role: kebab, sources: z.array(kebab).min(1), en: CardText, es: CardText })
        .refine((c) => c.en.signs.length === c.es.signs.length && c.en.do.length === c.es.do.length, {
          message: "the Spanish card must have as many signs and steps as the English one",
        }),
    )
    .min(1),
});
export type RoleCard = z.infer<typeof CardsFileSchema>["cards"][number];

/** First 16 hex digits of a SHA-256: what a translation records of the English it translates. */
const SourceHash = z.string().regex(/^[0-9a-f]{16}$/, "must be 16 hex digits (the English source's SHA-256, see docs)");

export const CourseTranslationSchema = z.strictObject({ title: z.string().min(1), summary: z.string().min(1), sourceHash: SourceHash });
export const ModuleTranslationFrontMatter = z.strictObject({ id: kebab, title: z.string().min(1), summary: z.string().min(1), sourceHash: SourceHash });
export const QuizTranslationSchema = z.strictObject({
  questions: z.array(
    z.strictObject({
      id: kebab,
      prompt: z.string().min(1),
      choices: z.array(z.strictObject({ id: z.string().min(1), text: z.string().min(1) })).min(2),
      explanation: z.string().min(1),
      sourceHash: SourceHash,
    }),
  ),
});

/** content/topics.yaml: the subjects laws require a course to cover, named once in both languages. */
export const TopicsFileSchema = z.strictObject({
  topics: z
    .array(z.strictObject({ id: kebab, en: z.string().min(1), es: z.string().min(1) }))
    .min(1),
});
export type Topic = z.infer<typeof TopicsFileSchema>["topics"][number];

/**
 * content/approvals.yaml: approvals a state authority has granted this platform's course under a
 * rule (Texas Attorney General, Florida's division…). Empty until one is granted; a rule that
 * requires an approval counts the course only when it is listed here.
 */
export const ApprovalsFileSchema = z.strictObject({
  approvals: z.array(
    z.strictObject({
      course: kebab,
      rule: kebab,
      by: z.string().min(1),
      reference: z.string().min(1),
      grantedOn: IsoDateSchema,
      expiresOn: IsoDateSchema.nullable(),
      url: z.url({ protocol: /^https$/, error: "must be an https URL" }),
    }),
  ),
});
export type CourseApproval = z.infer<typeof ApprovalsFileSchema>["approvals"][number];
