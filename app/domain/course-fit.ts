import { unverifiedFields, type Policy } from "./policy-schema.ts";

/**
 * Whether this platform's course, as a worker in a given role takes it, meets a jurisdiction's
 * rule by itself (ADR 014). Pure: the loader passes what the course is (minutes and topics for
 * the role, whether it has a video, the approvals it holds). Anything the law asks that the
 * course cannot show — an approval it does not hold, the state's own course, a video, more
 * minutes, a required topic it lacks — is a gap; a requirement the rule file marks unknown, or
 * states without the law's own words for it, is a gap too, because nobody has confirmed from the
 * law that the course meets it. A course with any gap does not
 * count for the rule: the employer records an approved course taken elsewhere instead.
 */

export interface CourseFacts {
  /** Minutes of material the role must go through (each module's paced minimum). */
  minutes: number;
  /** Topic ids the role's modules cover. */
  topics: ReadonlySet<string>;
  /** The course includes a video. */
  hasVideo: boolean;
  /** Rule ids for which the authority the rule names has approved this course. */
  approvedFor: ReadonlySet<string>;
}

export type FitGap =
  | { kind: "approval"; by: string }
  | { kind: "state-course"; by: string }
  | { kind: "video" }
  | { kind: "minutes"; required: number; actual: number }
  | { kind: "content"; topics: string[] }
  | { kind: "unknown"; fields: string[] };

export interface CourseFit {
  meets: boolean;
  gaps: FitGap[];
}

export function assessCourse(rule: Policy, facts: CourseFacts): CourseFit {
  // The authority the law names has approved this course under this rule: its judgment of the
  // course's length, content and form stands; nothing here second-guesses it.
  if (facts.approvedFor.has(rule.id)) return { meets: true, gaps: [] };
  const gaps: FitGap[] = [];
  const unknown: string[] = [];
  const unconfirmed = new Set(unverifiedFields(rule).map((u) => u.field));

  const approval = rule.approval;
  if (unconfirmed.has("approval") && !approval.value) unknown.push("approval");
  else if (approval.value) {
    gaps.push(approval.value.kind === "state-course" ? { kind: "state-course", by: approval.value.by } : { kind: "approval", by: approval.value.by });
  }

  if (unconfirmed.has("video") && rule.video.value !== true) unknown.push("video");
  else if (rule.video.value === true && !facts.hasVideo) gaps.push({ kind: "video" });

  if (unconfirmed.has("minimumMinutes") && (rule.minimumMinutes.value === null || facts.minutes >= rule.minimumMinutes.value)) unknown.push("minimumMinutes");
  else if (rule.minimumMinutes.value !== null && facts.minutes < rule.minimumMinutes.value) {
    gaps.push({ kind: "minutes", required: rule.minimumMinutes.value, actual: facts.minutes });
  }

  if (unconfirmed.has("requiredContent")) unknown.push("requiredContent");
  if (unconfirmedTopics(rule).length > 0) unknown.push("stateNumbers");
  {
    const missing = missingTopics(rule, facts.topics);
    if (missing.length > 0) gaps.push({ kind: "content", topics: missing });
  }

  if (unknown.length > 0) gaps.push({ kind: "unknown", fields: unknown });
  return { meets: gaps.length === 0, gaps };
}

/** The topics a rule's statute requires a course to cover, in the rule's order. */
export function requiredTopics(rule: Policy): string[] {
  return [...new Set((rule.requiredContent.value ?? []).map((c) => c.topic))];
}

/** Required topics the modules a role sees do not teach. */
export function missingTopics(rule: Policy, taught: ReadonlySet<string>): string[] {
  return requiredTopics(rule).filter((t) => !taught.has(t));
}

/**
 * Required topics a course cannot be shown to meet because the law's own fact is unknown: a
 * state's reporting number ("state-number") whose digits the rule does not quote. The module
 * teaches where the number is (the page shows the rule's numbers), but nobody has confirmed it.
 */
export function unconfirmedTopics(rule: Policy): string[] {
  const numbersKnown = !unverifiedFields(rule).some((u) => u.field === "stateNumbers");
  return requiredTopics(rule).filter((t) => t === "state-number" && !numbersKnown);
}
