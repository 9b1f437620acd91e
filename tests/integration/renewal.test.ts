/**
 * Renewal: a worker whose certificate is near its end (expiring) can take the quiz again
 * before it lapses, and the new certificate keeps the employer compliant without a gap.
 */
import fs from "node:fs";
import YAML from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import * as learn from "#app/routes/learn._index.tsx";
import * as quiz from "#app/routes/learn.$courseId.quiz.tsx";
import { call, post, signInAs, startTestApp } from "#tests/support/harness.ts";

const COURSE = "recognize-and-respond";
const english = YAML.parse(fs.readFileSync("content/courses/recognize-and-respond/quiz.yaml", "utf8")) as { questions: { id: string; choices: { id: string; correct?: boolean }[] }[] };

beforeAll(async () => {
  await startTestApp();
});

async function certificatesOf(username: string) {
  const { getDb } = await import("#app/utils/db.server.ts");
  return getDb().$client.prepare("SELECT c.code, c.expires_on AS expiresOn FROM certificates c JOIN users u ON u.id = c.user_id WHERE u.username = ? ORDER BY c.issued_at").all(username) as { code: string; expiresOn: string }[];
}

describe("renewing a certificate", () => {
  it("stays closed while the certificate is far from its end, opens in its last 60 days, and a pass issues the next one", async () => {
    let cookie = await signInAs("demo-certified");
    const params = { courseId: COURSE };
    const [first] = await certificatesOf("demo-certified");

    // Far from its end: the quiz says it is passed; nothing to renew.
    const early = (await call(quiz.loader, `/learn/${COURSE}/quiz`, { cookie, params })).data as { held: string | null; quiz: unknown };
    expect(early.held).not.toBeNull();
    expect(early.quiz).toBeNull();
    expect((await call(learn.loader, "/learn", { cookie })).data).toMatchObject({ hasValid: true, renewable: false });

    // 30 days before its last valid day.
    const { advanceClock, now } = await import("#app/utils/clock.server.ts");
    const { toIsoDate } = await import("#app/domain/dates.ts");
    const target = Date.parse(`${first!.expiresOn}T12:00:00Z`) - 30 * 86_400_000;
    advanceClock(target - now().getTime());
    expect(toIsoDate(now()) < first!.expiresOn).toBe(true);
    cookie = await signInAs("demo-certified"); // months later: a new session
    expect((await call(learn.loader, "/learn", { cookie })).data).toMatchObject({ hasValid: true, renewable: true });

    const page = (await call(quiz.loader, `/learn/${COURSE}/quiz`, { cookie, params })).data as {
      held: string | null;
      renewing: string | null;
      quiz: { attemptId: string; questions: { id: string }[] };
    };
    expect(page.held).toBeNull();
    expect(page.renewing).toBe(first!.expiresOn);
    const form: Record<string, string | string[]> = { attempt: page.quiz.attemptId, attest: "on" };
    for (const q of page.quiz.questions) form[`q.${q.id}`] = english.questions.find((x) => x.id === q.id)!.choices.filter((c) => c.correct).map((c) => c.id);
    const res = await post(quiz.action, `/learn/${COURSE}/quiz`, { cookie, params, form });
    expect(res.status).toBe(302);

    const after = await certificatesOf("demo-certified");
    expect(after).toHaveLength(2);
    expect(after[1]!.expiresOn > first!.expiresOn).toBe(true);

    // The employer sees the worker compliant through the new date, with no lapse between.
    const { getEmployerRoster } = await import("#app/models/compliance.server.ts");
    const { getEmployerByJoinCode } = await import("#app/models/employer.server.ts");
    const entry = getEmployerRoster(getEmployerByJoinCode("LAKESIDE-INN")!, now()).entries.find((e) => e.employment.fullName === "José Núñez")!;
    expect(entry.status).toMatchObject({ kind: "compliant", validUntil: after[1]!.expiresOn });

    // Renewed: far from its end again, so the quiz is closed.
    const again = (await call(quiz.loader, `/learn/${COURSE}/quiz`, { cookie, params })).data as { held: string | null };
    expect(again.held).not.toBeNull();
  });
});
