import { beforeAll, describe, expect, it } from "vitest";
import * as learn from "#app/routes/learn._index.tsx";
import * as moduleRoute from "#app/routes/learn.$courseId.$moduleId.tsx";
import { advanceClock } from "#app/utils/clock.server.ts";
import { call, joinAsWorker, post, signInAs, snapshotCounts, startTestApp } from "#tests/support/harness.ts";

const COURSE = "recognize-and-respond";

beforeAll(async () => {
  await startTestApp();
});

type LearnData = {
  course: { id: string };
  modules: { id: string; minutes: number; state: string }[];
  progress: { completed: number; total: number; percent: number; next: string | null };
  quizOpen: boolean;
};

describe("/learn and module pages", () => {
  it("sends anonymous visitors to sign in", async () => {
    const res = await call(learn.loader, "/learn");
    expect(res.status).toBe(302);
    expect(res.location).toBe("/login?redirectTo=%2Flearn");
  });

  it("refuses /learn to accounts that are not workers", async () => {
    const cookie = await signInAs("demo-employer");
    expect((await call(learn.loader, "/learn", { cookie })).status).toBe(403);
  });

  it("shows each role the shared modules plus its own, at least 20 minutes", async () => {
    const housekeeper = (await call(learn.loader, "/learn", { cookie: await signInAs("demo-worker") })).data as LearnData;
    const driver = (await call(learn.loader, "/learn", { cookie: await signInAs("demo-driver") })).data as LearnData;
    const hk = housekeeper.modules.map((m) => m.id);
    const dr = driver.modules.map((m) => m.id);
    expect(hk).toContain("hotel-room-signs");
    expect(hk).not.toContain("operators-and-drivers");
    expect(dr).toContain("operators-and-drivers");
    expect(dr).not.toContain("hotel-room-signs");
    for (const shared of ["what-is-trafficking", "how-to-respond", "who-to-call"]) {
      expect(hk).toContain(shared);
      expect(dr).toContain(shared);
    }
    for (const d of [housekeeper, driver]) expect(d.modules.reduce((s, m) => s + m.minutes, 0)).toBeGreaterThanOrEqual(20);
  });

  it("paces modules on the server: too early → 409 and nothing recorded; after the minimum time → next module", async () => {
    const cookie = await joinAsWorker({ username: "pacing-1", role: "housekeeping" });
    const d = (await call(learn.loader, "/learn", { cookie })).data as LearnData;
    const [first, second] = d.modules;
    const params = { courseId: COURSE, moduleId: first!.id };
    const page = await call(moduleRoute.loader, `/learn/${COURSE}/${first!.id}`, { cookie, params });
    expect(page.status).toBe(200);
    expect((page.data as { sections: { body: string }[] }).sections.map((s) => s.body).join("")).toContain("<p>");

    advanceClock(first!.minutes * 60_000 - 1_000);
    const before = await snapshotCounts();
    const early = await post(moduleRoute.action, `/learn/${COURSE}/${first!.id}`, { cookie, params, form: { intent: "complete" } });
    expect(early.status).toBe(409);
    expect((early.data as { error: string }).error).toMatch(/mark it done in/);
    expect(await snapshotCounts()).toEqual(before);

    // Re-opening the page does not restart the timer.
    await call(moduleRoute.loader, `/learn/${COURSE}/${first!.id}`, { cookie, params });
    advanceClock(1_000);
    const done = await post(moduleRoute.action, `/learn/${COURSE}/${first!.id}`, { cookie, params, form: { intent: "complete" } });
    expect(done.status).toBe(302);
    expect(done.location).toBe(`/learn/${COURSE}/${second!.id}`);

    const after = (await call(learn.loader, "/learn", { cookie })).data as LearnData;
    expect(after.progress.completed).toBe(1);
    expect(after.progress.next).toBe(second!.id);
    expect(after.quizOpen).toBe(false);
  });

  it("does not count a module that was never opened", async () => {
    const cookie = await joinAsWorker({ username: "pacing-2", role: "front-desk" });
    advanceClock(60 * 60_000);
    const before = await snapshotCounts();
    const res = await post(moduleRoute.action, `/learn/${COURSE}/what-is-trafficking`, {
      cookie,
      params: { courseId: COURSE, moduleId: "what-is-trafficking" },
      form: { intent: "complete" },
    });
    expect(res.status).toBe(409);
    expect(await snapshotCounts()).toEqual(before);
  });

  it("answers another role's module, an unknown module or a bad intent with 4xx", async () => {
    const cookie = await joinAsWorker({ username: "pacing-3", role: "housekeeping" });
    const other = await call(moduleRoute.loader, `/learn/${COURSE}/operators-and-drivers`, {
      cookie,
      params: { courseId: COURSE, moduleId: "operators-and-drivers" },
    });
    expect(other.status).toBe(404);
    const unknown = await call(moduleRoute.loader, `/learn/${COURSE}/nope`, { cookie, params: { courseId: COURSE, moduleId: "nope" } });
    expect(unknown.status).toBe(404);
    const wrongCourse = await call(moduleRoute.loader, `/learn/other/what-is-trafficking`, {
      cookie,
      params: { courseId: "other", moduleId: "what-is-trafficking" },
    });
    expect(wrongCourse.status).toBe(404);
    const before = await snapshotCounts();
    const bad = await post(moduleRoute.action, `/learn/${COURSE}/what-is-trafficking`, {
      cookie,
      params: { courseId: COURSE, moduleId: "what-is-trafficking" },
      form: { intent: "delete" },
    });
    expect(bad.status).toBe(400);
    expect(await snapshotCounts()).toEqual(before);
  });

  it("resumes: after signing in again the worker continues at the first unfinished module", async () => {
    await joinAsWorker({ username: "resume-1", role: "security" });
    const cookie = await signInAs("resume-1", "correct horse battery");
    const d = (await call(learn.loader, "/learn", { cookie })).data as LearnData;
    const first = d.modules[0]!;
    await call(moduleRoute.loader, `/learn/${COURSE}/${first.id}`, { cookie, params: { courseId: COURSE, moduleId: first.id } });
    advanceClock(first.minutes * 60_000);
    await post(moduleRoute.action, `/learn/${COURSE}/${first.id}`, { cookie, params: { courseId: COURSE, moduleId: first.id }, form: { intent: "complete" } });
    const again = await signInAs("resume-1", "correct horse battery");
    const resumed = (await call(learn.loader, "/learn", { cookie: again })).data as LearnData;
    expect(resumed.progress.next).toBe(d.modules[1]!.id);
    expect(resumed.modules[0]!.state).toBe("done");
  });
});

describe("the worker's own deadline", () => {
  it("tells a worker when their training is due under their employer's law, and that a certified worker is up to date", async () => {
    const due = (await call(learn.loader, "/learn", { cookie: await signInAs("demo-worker") })).data as { deadline: { status: { kind: string; dueDate?: string }; law: string } };
    expect(due.deadline.law).toBe("Texas lodging");
    expect(due.deadline.status.kind).toBe("due");
    expect(due.deadline.status.dueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const ok = (await call(learn.loader, "/learn", { cookie: await signInAs("demo-certified") })).data as { deadline: { status: { kind: string } } };
    expect(ok.deadline.status.kind).toBe("compliant");
  });
});
