import { z } from "zod";
import { IsoDateSchema, SectorSchema } from "./content-schema.ts";
import { isMonthDay } from "./dates.ts";

/**
 * Schema for one jurisdiction rule file under content/policies/<id>.yaml (ADR 014). Pure: no
 * I/O (the loader checks that `id` equals the file name, that the roles exist, and that every
 * quote occurs in the stored text of its source under content/policies/texts/).
 *
 * Every requirement of the law is a *field*: its value, the law's own words for it (quotes with a
 * pinpoint citation), an optional plain-English reading, or `unknown` saying what could not be
 * found. A field is verified when it is not unknown and at least one of its quotes comes from a
 * primary source (statute, regulation, session law or bill text). A rule may say
 * `verified: true` only when every field is verified; `npm run content:check` refuses it
 * otherwise.
 */

const kebab = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "must be kebab-case (a-z, 0-9, single dashes)");

const monthDay = z
  .string()
  .regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, "must be MM-DD")
  .refine(isMonthDay, "no such day in that month");


export const SOURCE_KINDS = ["statute", "regulation", "session-law", "bill", "secondary"] as const;
/** Kinds whose words are the law itself; a field quoting only `secondary` sources is not verified. */
export const PRIMARY_KINDS: ReadonlySet<string> = new Set(["statute", "regulation", "session-law", "bill"]);

const PolicySource = z.strictObject({
  id: kebab,
  kind: z.enum(SOURCE_KINDS),
  title: z.string().min(1),
  publisher: z.string().min(1),
  /** As the text was read (some legislature sites serve only http). */
  url: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }),
});
export type PolicySource = z.infer<typeof PolicySource>;

const Quote = z.strictObject({
  /** A source id from the rule's `sources`. */
  source: kebab,
  /** Section and subsection, e.g. "§ 114.0051(a)(3)". */
  pinpoint: z.string().min(3),
  /** The law's own words, verbatim from the stored text of the source. */
  text: z.string().min(8),
});
export type Quote = z.infer<typeof Quote>;

/** One requirement: value + the law's words for it, or unknown with what is missing. */
function field<T extends z.ZodType>(value: T) {
  return z
    .strictObject({
      value: value.nullable(),
      quotes: z.array(Quote).default([]),
      reading: z.string().min(1).optional(),
      unknown: z.string().min(1).optional(),
      /** Quoted, but the value itself rests on a secondary source (say which part). Not verified. */
      unverified: z.string().min(1).optional(),
    })
    .superRefine((f, ctx) => {
      // An unknown figure is null, never a guess; a list may keep the items that are known.
      const value = (f as unknown as { value: unknown }).value;
      if (f.unknown !== undefined && value !== null && !Array.isArray(value)) {
        ctx.addIssue({ code: "custom", path: ["value"], message: "an unknown field has value: null (say what is missing in `unknown`)" });
      }
      // A value the law's text does not state (it is silent, or its text was not found in full)
      // may stand with a `reading` that says so; it is then not verified.
      if (f.unknown === undefined && f.quotes.length === 0 && f.reading === undefined) {
        ctx.addIssue({ code: "custom", path: ["quotes"], message: "quote the law's words for this value, or say in `reading` why the text gives none, or set `unknown` with what is missing" });
      }
    });
}

/** "not later than the 90th day after" → { days: 90 }; "within six months of" → { months: 6 }; "at the time of hire" → { days: 0 }. */
const Window = z.union([z.strictObject({ days: z.number().int().nonnegative() }), z.strictObject({ months: z.number().int().positive() })]);
export type TrainingWindow = z.infer<typeof Window>;

const Renewal = z.strictObject({ months: z.number().int().positive() });

export const EmployerAttestationSchema = z.strictObject({
  /** How often the employer must attest: each calendar year, or with each licence/inspection application. */
  period: z.enum(["annual", "licence-renewal", "inspection"]),
  /** Fixed calendar due date, when the law names one (Maryland: every Oct 1 → "10-01"). */
  dueMonthDay: monthDay.nullish(),
  /** Who signs what, and where it goes. */
  what: z.string().min(1),
});

const Approval = z.strictObject({
  /** approved-course: any course the authority approved; state-course: the state's own course/video. */
  kind: z.enum(["approved-course", "state-course"]),
  by: z.string().min(1),
  what: z.string().min(1),
});
export type Approval = z.infer<typeof Approval>;

const ContentItem = z.strictObject({ topic: kebab, text: z.string().min(1) });

export const SignSchema = z.strictObject({
  id: kebab,
  title: z.string().min(1),
  /** The exact wording, only where the law itself prescribes it (then a PDF can be generated). */
  prescribedWording: z.string().min(1).nullable().default(null),
  /** The prescribed wording in the other languages the law requires: this project's translation, not the law's words. */
  translations: z.strictObject({ es: z.string().min(1).optional() }).default({}),
  content: z.string().min(1),
  minSize: z.string().min(1).nullable().default(null),
  minFontPt: z.number().positive().nullable().default(null),
  languages: z.string().min(1).nullable().default(null),
  numbers: z.array(z.string().min(1)).default([]),
  where: z.string().min(1).nullable().default(null),
  templateBy: z.string().min(1).nullable().default(null),
});
export type Sign = z.infer<typeof SignSchema>;

const Retention = z.strictObject({ years: z.number().positive(), from: z.enum(["termination", "training", "hire"]) });
export type Retention = z.infer<typeof Retention>;

const StateNumber = z.strictObject({ label: z.string().min(1), number: z.string().regex(/^[0-9A-Z() +.-]+$/, "digits, letters, spaces and dashes only") });
export type StateNumber = z.infer<typeof StateNumber>;

/** The fields every rule must state (value with quotes, or unknown). Order = display order. */
export const RULE_FIELDS = [
  "scope",
  "coveredRoles",
  "firstTraining",
  "renewal",
  "minimumMinutes",
  "pacing",
  "learnerAttestation",
  "employerAttestation",
  "approval",
  "video",
  "requiredContent",
  "signs",
  "recordRetention",
  "records",
  "priorTraining",
  "stateNumbers",
] as const;
export type RuleField = (typeof RULE_FIELDS)[number];

function noDuplicates(values: readonly string[], ctx: z.RefinementCtx, path: PropertyKey[]) {
  const seen = new Set<string>();
  values.forEach((v, i) => {
    if (seen.has(v)) ctx.addIssue({ code: "custom", path: [...path, i], message: `duplicate "${v}"` });
    seen.add(v);
  });
}

export const PolicySchema = z
  .strictObject({
    id: kebab,
    title: z.string().min(1),
    jurisdiction: z.string().regex(/^US-[A-Z]{2}$/, "must be like US-TX"),
    sector: SectorSchema,
    citation: z.string().min(1),
    /** The day the quotes were last read against the sources. */
    checkedOn: IsoDateSchema,
    status: z.enum(["in-force", "enacted-not-yet-effective", "not-enacted", "repealed"]),
    effective: IsoDateSchema.nullable(),
    sources: z.array(PolicySource).min(1, "every rule must cite at least one source"),
    scope: field(z.string().min(1)),
    /** Businesses or workers the law covers that the product has no role for. */
    notServed: z.string().min(1).nullable(),
    /**
     * A law that reaches only some businesses of its sector (Louisiana: gaming licensees): the
     * question the employer answers yes before the rule applies to it. Null: it applies to every
     * business of the sector in the jurisdiction (scope says who the law reaches).
     */
    appliesOnlyIf: z.strictObject({ en: z.string().min(1), es: z.string().min(1) }).nullable().default(null),
    /** Role ids from content/roles.yaml, all of this rule's sector (see checkPolicyRoles). Never unknown. */
    coveredRoles: field(z.array(kebab)),
    /** When the first training is due after hire; null = the law names no window (status: due, no date). */
    firstTraining: field(Window),
    /** How long a completion stays valid; null = the law asks for no repeat training. */
    renewal: field(Renewal),
    minimumMinutes: field(z.number().int().positive()),
    /** Online training must make the learner go through all material (Texas). */
    pacing: field(z.boolean()),
    /** The learner must certify or acknowledge completion themselves. */
    learnerAttestation: field(z.boolean()),
    employerAttestation: field(EmployerAttestationSchema),
    /** The course must be approved by, or be, the state's. */
    approval: field(Approval),
    video: field(z.boolean()),
    requiredContent: field(z.array(ContentItem)),
    signs: field(z.array(SignSchema)),
    recordRetention: field(Retention),
    records: field(z.string().min(1)),
    /** Whether a still-valid completion earned at a previous employer satisfies this rule. */
    priorTraining: field(z.boolean()),
    stateNumbers: field(z.array(StateNumber)),
    /** True only once every field is quoted from a primary source (content:check enforces it). */
    verified: z.boolean(),
    notes: z.string().min(1).optional(),
  })
  .superRefine((p, ctx) => {
    if (p.coveredRoles.value === null) ctx.addIssue({ code: "custom", path: ["coveredRoles", "value"], message: "who is covered cannot be unknown: a rule must name its roles" });
    else if (p.coveredRoles.value.length === 0 && p.status === "in-force") ctx.addIssue({ code: "custom", path: ["coveredRoles", "value"], message: "a rule in force must cover at least one role" });
    noDuplicates(p.coveredRoles.value ?? [], ctx, ["coveredRoles", "value"]);
    noDuplicates(p.sources.map((s) => s.id), ctx, ["sources"]);
    noDuplicates((p.signs.value ?? []).map((s) => s.id), ctx, ["signs", "value"]);
    const ids = new Set(p.sources.map((s) => s.id));
    for (const name of RULE_FIELDS) {
      p[name].quotes.forEach((q, i) => {
        if (!ids.has(q.source)) ctx.addIssue({ code: "custom", path: [name, "quotes", i, "source"], message: `unknown source "${q.source}" (add it to sources)` });
      });
    }
    if (p.verified) {
      for (const problem of unverifiedFields(p)) ctx.addIssue({ code: "custom", path: [problem.field], message: `verified: true, but ${problem.why}` });
    }
  });
export type Policy = z.infer<typeof PolicySchema>;

/** Why each field is not verified (empty when all are): unknown, or quoted only from secondary sources. */
export function unverifiedFields(p: Pick<Policy, RuleField | "sources">): { field: RuleField; why: string }[] {
  const kinds = new Map(p.sources.map((s) => [s.id, s.kind]));
  const out: { field: RuleField; why: string }[] = [];
  for (const name of RULE_FIELDS) {
    const f = p[name];
    if (f.unknown !== undefined) out.push({ field: name, why: `${name} is unknown: ${f.unknown}` });
    else if (f.unverified !== undefined) out.push({ field: name, why: `${name} is not verified: ${f.unverified}` });
    else if (!f.quotes.some((q) => PRIMARY_KINDS.has(kinds.get(q.source) ?? ""))) out.push({ field: name, why: `${name} is not quoted from the law's own text` });
  }
  return out;
}

/** The figures the status engine needs, read once from a rule. */
export interface RuleTerms {
  coveredRoles: readonly string[];
  firstTraining: TrainingWindow | null;
  renewalMonths: number | null;
  priorTrainingAccepted: boolean;
}

const TERMS = new WeakMap<object, RuleTerms>();

/**
 * The engine's reading of a rule. Unknowns read conservatively: prior training from another
 * employer does not count unless the law says it does; an unknown window gives no date (the
 * worker shows as due, never as compliant without training).
 */
export function ruleTerms(p: Policy): RuleTerms {
  let t = TERMS.get(p);
  if (!t) {
    t = {
      coveredRoles: p.coveredRoles.value ?? [],
      firstTraining: p.firstTraining.value,
      renewalMonths: p.renewal.value?.months ?? null,
      priorTrainingAccepted: p.priorTraining.value === true,
    };
    TERMS.set(p, t);
  }
  return t;
}

/**
 * Problems with a rule's roles against content/roles.yaml: unknown ids, or roles of the other
 * sector. Returns `coveredRoles: ...` messages; empty when all is well.
 */
export function checkPolicyRoles(
  policy: { sector: string; coveredRoles: { value: readonly string[] | null } },
  roles: ReadonlyArray<{ readonly id: string; readonly sector: string }>,
): string[] {
  const byId = new Map(roles.map((r) => [r.id, r.sector]));
  const problems: string[] = [];
  for (const id of policy.coveredRoles.value ?? []) {
    const sector = byId.get(id);
    if (sector === undefined) {
      problems.push(`coveredRoles: unknown role "${id}" (see content/roles.yaml)`);
    } else if (sector !== policy.sector) {
      problems.push(`coveredRoles: role "${id}" is a ${sector} role, but this rule's sector is ${policy.sector}`);
    }
  }
  return problems;
}

/** Whitespace, curly quotes and dashes folded, so a quote matches its source text as stored. */
export function normalizeLegalText(s: string): string {
  return s
    .replace(/[\u2018\u2019\u201B\u2032]/g, "'")
    .replace(/[\u201C\u201D\u201F\u2033]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, "-")
    .replace(/\u00A0/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .toLowerCase();
}

/** Quotes of a rule that do not occur in their source's stored text (`texts` maps source id → text). */
export function quotesNotFound(p: Pick<Policy, RuleField>, texts: ReadonlyMap<string, string>): { field: RuleField; index: number; source: string; problem: string }[] {
  const normalized = new Map([...texts].map(([id, t]) => [id, normalizeLegalText(t)]));
  const out: { field: RuleField; index: number; source: string; problem: string }[] = [];
  for (const name of RULE_FIELDS) {
    p[name].quotes.forEach((q, index) => {
      const text = normalized.get(q.source);
      if (text === undefined) out.push({ field: name, index, source: q.source, problem: `no stored text for source "${q.source}" (content/policies/texts/${q.source}.md)` });
      else if (!text.includes(normalizeLegalText(q.text))) out.push({ field: name, index, source: q.source, problem: `quote not found in the stored text of "${q.source}"` });
    });
  }
  return out;
}
