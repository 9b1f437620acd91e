import fs from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { describe, expect, it } from "vitest";
import { RolesFileSchema } from "#app/domain/content-schema.ts";
import { checkPolicyRoles, PolicySchema, type Policy } from "#app/domain/policy-schema.ts";

const DIR = path.resolve("content/policies");
const roles = RolesFileSchema.parse(YAML.parse(fs.readFileSync(path.resolve("content/roles.yaml"), "utf8"))).roles;
const files = fs
  .readdirSync(DIR)
  .filter((f) => f.endsWith(".yaml"))
  .sort();

/** Hosts named in ../shared/domain.md (section 1 table and section 6 sources). */
const ALLOWED_HOSTS = new Set([
  "codes.findlaw.com",
  "regulations.justia.com",
  "www.leg.state.fl.us",
  "leg.state.fl.us",
  "www.revisor.mn.gov",
  "revisor.mn.gov",
  "lawfilesext.leg.wa.gov",
  "caltransit.org",
  "www.health.state.mn.us",
  "health.state.mn.us",
  "humantraffickinghotline.org",
  "www.ahla.com",
  "ahla.com",
  "www.dhs.gov",
  "www.transportation.gov",
  "www.transit.dot.gov",
  "safety4transit.org",
  "www.modernslaveryhelpline.org",
  "truckersagainsttrafficking.org",
]);

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
];

function load(file: string): { text: string; raw: unknown } {
  const text = fs.readFileSync(path.join(DIR, file), "utf8");
  return { text, raw: YAML.parse(text) };
}

function parsed(file: string): Policy {
  return PolicySchema.parse(load(file).raw);
}

/** A valid rule to break one field at a time. */
function sample(): Record<string, unknown> {
  return structuredClone(load("us-tx-lodging.yaml").raw) as Record<string, unknown>;
}

describe("content/policies", () => {
  it("ships every required rule", () => {
    const ids = files.map((f) => f.replace(/\.yaml$/, ""));
    for (const id of REQUIRED) expect(ids).toContain(id);
  });

  describe.each(files)("%s", (file) => {
    it("parses with PolicySchema", () => {
      const result = PolicySchema.safeParse(load(file).raw);
      expect(result.success ? [] : result.error.issues).toEqual([]);
    });

    it("has an id equal to the file name", () => {
      expect(parsed(file).id).toBe(file.replace(/\.yaml$/, ""));
    });

    it("covers only known roles of its own sector", () => {
      const policy = parsed(file);
      expect(checkPolicyRoles(policy, roles)).toEqual([]);
      for (const id of policy.coveredRoles) {
        expect(roles.find((r) => r.id === id)?.sector).toBe(policy.sector);
      }
    });

    it("cites only https sources from hosts named in domain.md", () => {
      for (const source of parsed(file).sources) {
        const url = new URL(source.url);
        expect(url.protocol).toBe("https:");
        expect(ALLOWED_HOSTS.has(url.hostname), `${url.hostname} is not a domain.md source`).toBe(true);
      }
    });

    it("starts with a comment naming the statute", () => {
      const first = load(file).text.split("\n")[0]!;
      expect(first).toMatch(/^# \S.{10,}/);
    });

    it("is not called verified while its notes admit assumptions", () => {
      const policy = parsed(file);
      if (policy.verified) expect(policy.notes ?? "").not.toMatch(/assum|unconfirmed|not verified/i);
      else expect(policy.notes, "an unverified rule must explain its gaps").toBeTruthy();
    });
  });

  it("encodes the headline facts of the rule table", () => {
    const byId = new Map(files.map((f) => [f.replace(/\.yaml$/, ""), parsed(f)]));
    const tx = byId.get("us-tx-lodging")!;
    expect([tx.firstTrainingWithinDays, tx.renewalMonths, tx.minimumMinutes]).toEqual([90, 12, 20]);
    expect([tx.requiresPacing, tx.requiresLearnerAttestation, tx.recordRetentionYears]).toEqual([true, true, 2]);
    expect(tx.proof).toContain("certificate");
    const fl = byId.get("us-fl-lodging")!;
    expect([fl.firstTrainingWithinDays, fl.renewalMonths]).toEqual([60, 12]);
    expect(fl.proof).toContain("signed-acknowledgment");
    expect([...fl.coveredRoles].sort()).toEqual(["front-desk", "housekeeping"]);
    const ca = byId.get("us-ca-lodging")!;
    expect([ca.firstTrainingWithinDays, ca.renewalMonths, ca.minimumMinutes]).toEqual([183, 24, 20]);
    expect(byId.get("us-md-lodging")!.employerAttestation?.dueMonthDay).toBe("10-01");
    expect(byId.get("us-mn-lodging")!.employerAttestation?.period).toBe("annual");
    expect(byId.get("us-wa-lodging")!.employerAttestation).not.toBeNull();
    expect(byId.get("us-nj-lodging")!.employerAttestation).not.toBeNull();
    expect(byId.get("us-nj-lodging")!.firstTrainingWithinDays).toBe(183);
    for (const id of ["us-wi-lodging", "us-wi-transit"]) {
      expect([byId.get(id)!.firstTrainingWithinDays, byId.get(id)!.renewalMonths]).toEqual([60, 24]);
    }
    expect(byId.get("us-wi-transit")!.coveredRoles).toContain("transit-supervisor");
    expect(byId.get("us-ca-transit")!.sector).toBe("transit");
  });
});

describe("checkPolicyRoles", () => {
  it("reports unknown roles and roles of the other sector", () => {
    const problems = checkPolicyRoles({ sector: "lodging", coveredRoles: ["front-desk", "pilot", "station-agent"] }, roles);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/unknown role "pilot"/);
    expect(problems[1]).toMatch(/"station-agent" is a transit role.*lodging/);
  });

  it("accepts known roles of the right sector", () => {
    expect(checkPolicyRoles({ sector: "transit", coveredRoles: ["transit-operator"] }, roles)).toEqual([]);
  });
});

describe("PolicySchema", () => {
  it("accepts the sample", () => {
    expect(PolicySchema.safeParse(sample()).success).toBe(true);
  });

  it.each<[string, (p: Record<string, unknown>) => void]>([
    ["a jurisdiction that is not US-XX", (p) => (p.jurisdiction = "TX")],
    ["an unknown sector", (p) => (p.sector = "aviation")],
    ["a non-kebab id", (p) => (p.id = "US_TX")],
    ["no covered roles", (p) => (p.coveredRoles = [])],
    ["duplicate covered roles", (p) => (p.coveredRoles = ["front-desk", "front-desk"])],
    ["a zero training window", (p) => (p.firstTrainingWithinDays = 0)],
    ["a fractional renewal", (p) => (p.renewalMonths = 1.5)],
    ["a missing renewal (null must be explicit)", (p) => delete p.renewalMonths],
    ["an unknown proof kind", (p) => (p.proof = ["selfie"])],
    ["no proof", (p) => (p.proof = [])],
    ["an http source", (p) => (p.sources = [{ title: "x", publisher: "y", url: "http://example.org" }])],
    ["no sources", (p) => (p.sources = [])],
    ["an unknown key", (p) => (p.extra = true)],
    [
      "a bad dueMonthDay",
      (p) => {
        p.proof = ["employer-attestation"];
        p.employerAttestation = { period: "annual", dueMonthDay: "02-30", what: "x" };
      },
    ],
    ["an attestation not listed in proof", (p) => (p.employerAttestation = { period: "annual", what: "x" })],
    ["employer-attestation proof without details", (p) => (p.proof = ["employer-attestation"])],
    ["a non-annual attestation period", (p) => {
      p.proof = ["employer-attestation"];
      p.employerAttestation = { period: "monthly", what: "x" };
    }],
  ])("rejects %s", (_name, edit) => {
    const p = sample();
    edit(p);
    expect(PolicySchema.safeParse(p).success).toBe(false);
  });

  it("accepts an annual attestation due on a leap day and no renewal", () => {
    const p = sample();
    p.proof = ["employer-attestation"];
    p.employerAttestation = { period: "annual", dueMonthDay: "02-29", what: "x" };
    p.renewalMonths = null;
    expect(PolicySchema.safeParse(p).success).toBe(true);
  });
});
