import fs from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { describe, expect, it } from "vitest";
import { RolesFileSchema } from "#app/domain/content-schema.ts";
import { complianceStatus, dueDate, trainingCycles } from "#app/domain/compliance.ts";
import { assessCourse } from "#app/domain/course-fit.ts";
import { checkPolicyRoles, normalizeLegalText, PolicySchema, PRIMARY_KINDS, quotesNotFound, RULE_FIELDS, unverifiedFields, type Policy } from "#app/domain/policy-schema.ts";
import { getLawFor, getRuleFor, loadContent } from "#app/server/content.server.ts";

const DIR = path.resolve("content/policies");
const roles = RolesFileSchema.parse(YAML.parse(fs.readFileSync(path.resolve("content/roles.yaml"), "utf8"))).roles;
const files = fs
  .readdirSync(DIR)
  .filter((f) => f.endsWith(".yaml"))
  .sort();
const texts = new Map(
  fs
    .readdirSync(path.join(DIR, "texts"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => [f.replace(/\.md$/, ""), fs.readFileSync(path.join(DIR, "texts", f), "utf8")]),
);

/** The rules the issue names: the ten first shipped and the four it adds. */
const REQUIRED = [
  "us-tx-lodging",
  "us-ca-lodging",
  "us-ca-transit",
  "us-fl-lodging",
  "us-mn-lodging",
  "us-md-lodging",
  "us-wa-lodging",
  "us-nj-lodging",
  "us-wi-lodging",
  "us-wi-transit",
  "us-il-lodging",
  "us-ny-lodging",
  "us-ct-lodging",
  "us-la-lodging",
];

function load(file: string): { text: string; raw: unknown } {
  const text = fs.readFileSync(path.join(DIR, file), "utf8");
  return { text, raw: YAML.parse(text) };
}
const parsed = (file: string): Policy => PolicySchema.parse(load(file).raw);
const byId = new Map(files.map((f) => [f.replace(/\.yaml$/, ""), parsed(f)]));
const rule = (id: string) => {
  const r = byId.get(id);
  if (!r) throw new Error(`no rule ${id}`);
  return r;
};

/** A valid rule to break one field at a time. */
function sample(): Record<string, unknown> {
  return structuredClone(load("us-tx-lodging.yaml").raw) as Record<string, unknown>;
}

describe("content/policies", () => {
  it("ships every rule the issue names", () => {
    const ids = files.map((f) => f.replace(/\.yaml$/, ""));
    for (const id of REQUIRED) expect(ids).toContain(id);
  });

  it("loads through the content loader, every quote found in its source's stored text", () => {
    expect(() => loadContent(path.resolve("content"))).not.toThrow();
  });

  describe.each(files)("%s", (file) => {
    it("parses, and its id is its file name", () => {
      const result = PolicySchema.safeParse(load(file).raw);
      expect(result.success ? [] : result.error.issues).toEqual([]);
      expect(parsed(file).id).toBe(file.replace(/\.yaml$/, ""));
    });

    it("covers only known roles of its own sector", () => {
      expect(checkPolicyRoles(parsed(file), roles)).toEqual([]);
    });

    it("quotes only words that stand in the stored text of the source it names", () => {
      expect(quotesNotFound(parsed(file), texts)).toEqual([]);
    });

    it("gives every quote of the law a pinpoint with a section sign or a rule number", () => {
      const p = parsed(file);
      const primary = new Set(p.sources.filter((s) => PRIMARY_KINDS.has(s.kind)).map((s) => s.id));
      for (const name of RULE_FIELDS) for (const q of p[name].quotes) if (primary.has(q.source)) expect(q.pinpoint).toMatch(/§|\d/);
    });

    it("starts with a comment naming the law", () => {
      expect(load(file).text.split("\n")[0]!).toMatch(/^# \S.{10,}/);
    });

    it("is verified only when every field is quoted from the law itself", () => {
      const p = parsed(file);
      if (p.verified) expect(unverifiedFields(p)).toEqual([]);
      else expect(unverifiedFields(p).length, "an unverified rule must have a field that is not quoted").toBeGreaterThan(0);
    });
  });
});

/**
 * The first deadline and the renewal, computed exactly as each statute words them, for sample
 * hires (independent arithmetic, not the code under test).
 */
describe("due dates as the statutes word them", () => {
  const status = (r: Policy, hire: string, today: string, completions: { on: string }[] = []) =>
    complianceStatus({
      rule: r,
      jobRole: r.coveredRoles.value![0]!,
      hireDate: hire,
      terminationDate: null,
      employerId: "e",
      completions: completions.map((c, i) => ({ certificateId: `c${i}`, code: "X", completedOn: c.on, employerId: "e", revoked: false, source: "external" as const })),
      platformCounts: false,
      today,
    });

  it('Texas: "not later than the 90th day after the date the employee is hired", then annual', () => {
    const tx = rule("us-tx-lodging");
    expect(dueDate("2026-01-15", tx)).toBe("2026-04-15");
    expect(status(tx, "2026-01-15", "2026-04-15").kind).toBe("due");
    expect(status(tx, "2026-01-15", "2026-04-16").kind).toBe("overdue");
    // Trained 2026-03-01: valid through 2027-02-28, expired on 2027-03-01.
    expect(status(tx, "2026-01-15", "2027-02-28", [{ on: "2026-03-01" }]).kind).toBe("expiring");
    expect(status(tx, "2026-01-15", "2027-03-01", [{ on: "2026-03-01" }])).toMatchObject({ kind: "expired", expiredOn: "2027-03-01" });
  });

  it('Illinois: "within 6 months" of starting, then "every 2 years"', () => {
    const il = rule("us-il-lodging");
    expect(il.firstTraining.value).toEqual({ months: 6 });
    expect(dueDate("2026-01-15", il)).toBe("2026-07-15");
    expect(dueDate("2026-08-31", il)).toBe("2027-02-28"); // no 31 February: the month's last day
    expect(status(il, "2026-01-15", "2026-07-16").kind).toBe("overdue");
    expect(status(il, "2026-01-15", "2028-03-09", [{ on: "2026-03-10" }]).kind).toBe("expiring");
    expect(status(il, "2026-01-15", "2028-03-10", [{ on: "2026-03-10" }]).kind).toBe("expired");
  });

  it('New York: "within the first sixty days", no renewal in the law', () => {
    const ny = rule("us-ny-lodging");
    expect(dueDate("2026-01-15", ny)).toBe("2026-03-16");
    expect(ny.renewal.value).toBeNull();
    expect(status(ny, "2026-01-15", "2040-01-01", [{ on: "2026-02-01" }])).toMatchObject({ kind: "compliant", validUntil: null });
  });

  it("Florida: within 60 days, then annual", () => {
    const fl = rule("us-fl-lodging");
    expect(dueDate("2026-01-15", fl)).toBe("2026-03-16");
    expect(fl.renewal.value).toEqual({ months: 12 });
  });

  it("Maryland and Minnesota: within 90 days, then annual", () => {
    for (const id of ["us-md-lodging", "us-mn-lodging"]) {
      expect(dueDate("2026-01-15", rule(id))).toBe("2026-04-15");
      expect(rule(id).renewal.value).toEqual({ months: 12 });
    }
  });

  it("New Jersey: the regulation names no window, so the worker is due with no date and never overdue", () => {
    const nj = rule("us-nj-lodging");
    expect(nj.firstTraining.value).toBeNull();
    expect(nj.firstTraining.unknown).toBeTruthy();
    expect(dueDate("2026-01-15", nj)).toBeNull();
    expect(status(nj, "2026-01-15", "2030-01-01")).toEqual({ kind: "due", dueDate: null });
    const cycles = trainingCycles({ rule: nj, jobRole: "front-desk", hireDate: "2026-01-15", terminationDate: null, employerId: "e", completions: [], platformCounts: false, today: "2030-01-01" });
    expect(cycles).toEqual([{ index: 1, dueDate: null, completion: null, completedLate: false, validUntil: null }]);
  });

  it('California lodging: "within six months of their employment in that role", then "once every two years"', () => {
    const ca = rule("us-ca-lodging");
    expect(dueDate("2026-03-31", ca)).toBe("2026-09-30");
    expect(ca.renewal.value).toEqual({ months: 24 });
  });

  it("California transit: one deadline long past and no new-hire window: due, no date; no renewal", () => {
    const ct = rule("us-ca-transit");
    expect(ct.firstTraining.value).toBeNull();
    expect(ct.renewal.value).toBeNull();
    expect(status(ct, "2026-06-01", "2027-06-01")).toEqual({ kind: "due", dueDate: null });
  });

  it('Connecticut: "at the time of hire": due on the hire date, overdue the next day', () => {
    const conn = rule("us-ct-lodging");
    expect(dueDate("2026-06-01", conn)).toBe("2026-06-01");
    expect(status(conn, "2026-06-01", "2026-06-01").kind).toBe("due");
    expect(status(conn, "2026-06-01", "2026-06-02").kind).toBe("overdue");
  });

  it('Wisconsin: "within 60 days" (owners: of becoming owners), then every 2 years; lodging managers and transit managers covered', () => {
    for (const id of ["us-wi-lodging", "us-wi-transit"]) {
      expect(dueDate("2026-01-15", rule(id))).toBe("2026-03-16");
      expect(rule(id).renewal.value).toEqual({ months: 24 });
    }
    expect(rule("us-wi-lodging").coveredRoles.value).toContain("lodging-manager");
    expect(rule("us-wi-transit").coveredRoles.value).toContain("transit-manager");
    expect(rule("us-wi-transit").coveredRoles.value).not.toContain("transit-operator");
  });

  it("Washington: the bill did not become law, so no rule applies to a Washington employer", () => {
    expect(rule("us-wa-lodging").status).toBe("not-enacted");
    expect(getRuleFor({ jurisdiction: "US-WA", sector: "lodging" })).toBeUndefined();
    expect(getLawFor({ jurisdiction: "US-WA", sector: "lodging" })?.policy.id).toBe("us-wa-lodging");
  });

  it("Louisiana: a gaming-industry law applies only to an employer that says it is a gaming licensee", () => {
    expect(rule("us-la-lodging").appliesOnlyIf).not.toBeNull();
    expect(getRuleFor({ jurisdiction: "US-LA", sector: "lodging", confirmedRuleId: null })).toBeUndefined();
    expect(getRuleFor({ jurisdiction: "US-LA", sector: "lodging", confirmedRuleId: "us-la-lodging" })?.policy.id).toBe("us-la-lodging");
  });

  it("owners: a manager's roster date is the day they became owner or manager, counted the same way", () => {
    const il = rule("us-il-lodging");
    expect(il.coveredRoles.value).toContain("lodging-manager");
    expect(status({ ...il }, "2026-05-01", "2026-11-02").kind).toBe("overdue");
  });
});

describe("whether this platform's course meets a rule", () => {
  const facts = { minutes: 30, topics: new Set(["definition", "sex-and-labor", "signs", "employee-role", "how-to-report", "hotline-number", "law-enforcement-contacts"]), hasVideo: false, approvedFor: new Set<string>() };

  it("Texas: not without the Attorney General's approval, whatever the course covers", () => {
    const fit = assessCourse(rule("us-tx-lodging"), facts);
    expect(fit.meets).toBe(false);
    expect(fit.gaps).toContainEqual({ kind: "approval", by: "Texas Attorney General" });
  });

  it("an approval listed for the rule makes it count", () => {
    expect(assessCourse(rule("us-tx-lodging"), { ...facts, approvedFor: new Set(["us-tx-lodging"]) })).toEqual({ meets: true, gaps: [] });
  });

  it("New Jersey: only the state's own video counts", () => {
    expect(assessCourse(rule("us-nj-lodging"), facts).gaps.map((g) => g.kind)).toContain("state-course");
  });

  it("a requirement stated without the law's words cannot be confirmed, so the course does not count", () => {
    const il = rule("us-il-lodging");
    const all = new Set((il.requiredContent.value ?? []).map((c) => c.topic));
    const fit = assessCourse(il, { ...facts, topics: all, minutes: 20 });
    expect(fit.meets).toBe(false);
    expect(fit.gaps).toContainEqual(expect.objectContaining({ kind: "unknown", fields: expect.arrayContaining(["video"]) }));
  });

  it("Illinois, were every requirement quoted: any course with the statute's minimum content and 20 minutes; a missing topic is named", () => {
    // The same rule with every field given a primary quote (as it will be once the text is read in full).
    const il = structuredClone(rule("us-il-lodging"));
    const primary = il.coveredRoles.quotes.find((q) => il.sources.find((s) => s.id === q.source && PRIMARY_KINDS.has(s.kind)))!;
    for (const name of RULE_FIELDS) {
      const f = il[name] as { quotes: unknown[]; unknown?: string; unverified?: string };
      if (!f.quotes.length) f.quotes = [primary];
      delete f.unknown;
      delete f.unverified;
    }
    expect(unverifiedFields(il).filter((u) => !u.why.includes("not quoted"))).toEqual([]);
    const all = new Set((il.requiredContent.value ?? []).map((c) => c.topic));
    expect(assessCourse(il, { ...facts, topics: all, minutes: 20 })).toEqual({ meets: true, gaps: [] });
    expect(assessCourse(il, { ...facts, topics: all, minutes: 19 }).gaps).toEqual([{ kind: "minutes", required: 20, actual: 19 }]);
    const lacking = new Set([...all].filter((t) => t !== "at-risk"));
    expect(assessCourse(il, { ...facts, topics: lacking, minutes: 20 }).gaps).toEqual([{ kind: "content", topics: ["at-risk"] }]);
  });
});

describe("checkPolicyRoles", () => {
  it("reports unknown roles and roles of the other sector", () => {
    const problems = checkPolicyRoles({ sector: "lodging", coveredRoles: { value: ["front-desk", "pilot", "station-agent"] } }, roles);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/unknown role "pilot"/);
    expect(problems[1]).toMatch(/"station-agent" is a transit role.*lodging/);
  });
});

describe("normalizeLegalText", () => {
  it("folds whitespace, curly quotes and dashes", () => {
    expect(normalizeLegalText("“Operator”  means\n a person—who")).toBe(normalizeLegalText('"Operator" means a person-who'));
  });
});

describe("PolicySchema", () => {
  it("accepts the sample", () => {
    expect(PolicySchema.safeParse(sample()).success).toBe(true);
  });

  const field = (p: Record<string, unknown>, name: string) => p[name] as Record<string, unknown>;
  it.each<[string, (p: Record<string, unknown>) => void, string]>([
    ["a jurisdiction that is not US-XX", (p) => (p.jurisdiction = "TX"), "jurisdiction"],
    ["an unknown sector", (p) => (p.sector = "aviation"), "sector"],
    ["no covered roles", (p) => (field(p, "coveredRoles").value = []), "coveredRoles.value"],
    ["unknown covered roles", (p) => (p.coveredRoles = { value: null, unknown: "?" }), "coveredRoles.value"],
    ["duplicate covered roles", (p) => (field(p, "coveredRoles").value = ["front-desk", "front-desk"]), "coveredRoles.value"],
    ["a negative training window", (p) => (field(p, "firstTraining").value = { days: -1 }), "firstTraining.value"],
    ["a window in weeks", (p) => (field(p, "firstTraining").value = { weeks: 2 }), "firstTraining.value"],
    ["a fractional renewal", (p) => (field(p, "renewal").value = { months: 1.5 }), "renewal.value"],
    ["a field with neither quote, reading nor unknown", (p) => (p.minimumMinutes = { value: 20 }), "minimumMinutes.quotes"],
    ["an unknown field that keeps a value", (p) => (p.minimumMinutes = { value: 20, unknown: "not found" }), "minimumMinutes.value"],
    ["a quote naming a source the rule does not list", (p) => (field(p, "minimumMinutes").quotes = [{ source: "nowhere", pinpoint: "§ 1(a)", text: "at least twenty minutes" }]), "minimumMinutes.quotes"],
    ["a missing field", (p) => delete p.renewal, "renewal"],
    ["verified with a field unquoted", (p) => (p.verified = true), ""],
    ["a bad dueMonthDay", (p) => (p.employerAttestation = { value: { period: "annual", dueMonthDay: "02-30", what: "x" }, quotes: [], reading: "r" }), "employerAttestation.value.dueMonthDay"],
    ["a monthly attestation", (p) => (p.employerAttestation = { value: { period: "monthly", what: "x" }, quotes: [], reading: "r" }), "employerAttestation.value.period"],
    ["an unknown key", (p) => (p.extra = true), ""],
  ])("rejects %s, naming the field", (_name, edit, at) => {
    const p = sample();
    edit(p);
    const result = PolicySchema.safeParse(p);
    expect(result.success).toBe(false);
    if (!result.success && at) expect(result.error.issues.map((i) => i.path.join(".")).some((p) => p.startsWith(at)), JSON.stringify(result.error.issues.map((i) => i.path.join(".")))).toBe(true);
  });
});
