/**
 * xAPI statements (ADR 035), built with no I/O. The learner is an `account` on the site's
 * public origin whose name is an opaque id (never an email or a name, never the database id
 * itself: app/models/xapi.server.ts derives it). Statement ids are derived from the record
 * they describe, so a statement sent twice (a retry) is the same statement to the LRS, and a
 * revocation can void the "earned" statement of its certificate by id.
 */
import crypto from "node:crypto";

export const XAPI_VERBS = {
  completed: { id: "http://adlnet.gov/expapi/verbs/completed", display: { "en-US": "completed" } },
  passed: { id: "http://adlnet.gov/expapi/verbs/passed", display: { "en-US": "passed" } },
  failed: { id: "http://adlnet.gov/expapi/verbs/failed", display: { "en-US": "failed" } },
  earned: { id: "http://id.tincanapi.com/verb/earned", display: { "en-US": "earned" } },
  voided: { id: "http://adlnet.gov/expapi/verbs/voided", display: { "en-US": "voided" } },
} as const;

const TYPES = {
  module: "http://adlnet.gov/expapi/activities/module",
  assessment: "http://adlnet.gov/expapi/activities/assessment",
  certificate: "https://w3id.org/xapi/tla/activity-types/certificate",
};

export interface XapiAgent {
  objectType: "Agent";
  account: { homePage: string; name: string };
}

export interface XapiStatement {
  id: string;
  actor: XapiAgent;
  verb: { id: string; display: Record<string, string> };
  object: { objectType: "Activity"; id: string; definition: { type: string; name: Record<string, string> } } | { objectType: "StatementRef"; id: string };
  result?: { success?: boolean; completion?: boolean; score?: { scaled: number; raw: number; min: number; max: number } };
  timestamp: string;
}

/** A UUID (version 8, RFC 9562: custom) from a stable name: the same record always gets the same statement id. */
export function statementId(name: string): string {
  const b = crypto.createHash("sha256").update(`frontline-xapi:${name}`).digest().subarray(0, 16);
  b[6] = (b[6]! & 0x0f) | 0x80;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function learner(origin: string, opaqueName: string): XapiAgent {
  return { objectType: "Agent", account: { homePage: origin, name: opaqueName } };
}

const activity = (id: string, type: string, name: string) => ({ objectType: "Activity" as const, id, definition: { type, name: { "en-US": name } } });

export function moduleCompleted(input: { origin: string; actor: XapiAgent; courseId: string; moduleId: string; moduleTitle: string; progressKey: string; at: Date }): XapiStatement {
  return {
    id: statementId(`module:${input.progressKey}`),
    actor: input.actor,
    verb: XAPI_VERBS.completed,
    object: activity(`${input.origin}/learn/${encodeURIComponent(input.courseId)}/${encodeURIComponent(input.moduleId)}`, TYPES.module, input.moduleTitle),
    result: { completion: true },
    timestamp: input.at.toISOString(),
  };
}

export function quizGraded(input: { origin: string; actor: XapiAgent; courseId: string; courseTitle: string; attemptId: string; passed: boolean; score: number; at: Date }): XapiStatement {
  return {
    id: statementId(`quiz:${input.attemptId}`),
    actor: input.actor,
    verb: input.passed ? XAPI_VERBS.passed : XAPI_VERBS.failed,
    object: activity(`${input.origin}/learn/${encodeURIComponent(input.courseId)}/quiz`, TYPES.assessment, `${input.courseTitle}: quiz`),
    result: { success: input.passed, completion: true, score: { scaled: Math.round(input.score) / 100, raw: Math.round(input.score), min: 0, max: 100 } },
    timestamp: input.at.toISOString(),
  };
}

export function certificateEarned(input: { origin: string; actor: XapiAgent; certificateId: string; code: string; courseTitle: string; at: Date }): XapiStatement {
  return {
    id: statementId(`certificate:${input.certificateId}`),
    actor: input.actor,
    verb: XAPI_VERBS.earned,
    object: activity(`${input.origin}/verify/${input.code}`, TYPES.certificate, `${input.courseTitle}: certificate`),
    timestamp: input.at.toISOString(),
  };
}

/** Revocation: the certificate's "earned" statement is voided (the voiding actor is the site). */
export function certificateVoided(input: { origin: string; certificateId: string; at: Date }): XapiStatement {
  return {
    id: statementId(`certificate-voided:${input.certificateId}`),
    actor: learner(input.origin, "frontline-ready"),
    verb: XAPI_VERBS.voided,
    object: { objectType: "StatementRef", id: statementId(`certificate:${input.certificateId}`) },
    timestamp: input.at.toISOString(),
  };
}
