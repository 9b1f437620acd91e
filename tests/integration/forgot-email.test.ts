/**
 * /forgot where an SMTP server is configured: the reset link goes out by email (a real SMTP
 * server in this process receives it), and the answer is the same whether or not an account
 * has the address.
 */
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as forgot from "#app/routes/forgot.tsx";
import * as login from "#app/routes/login.tsx";
import * as resetIndex from "#app/routes/reset._index.tsx";
import * as resetLink from "#app/routes/reset.$token.tsx";
import { call, countRows, post, startTestApp } from "#tests/support/harness.ts";

interface Received {
  to: string[];
  raw: string;
}

const received: Received[] = [];
let smtp: SMTPServer;

/** The text of a single-part message (quoted-printable or base64), headers decoded enough to read. */
function textOf(raw: string) {
  const split = raw.indexOf("\r\n\r\n");
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, " ");
  let body = raw.slice(split + 4);
  if (/content-transfer-encoding:\s*quoted-printable/i.test(head)) {
    body = Buffer.from(body.replace(/=\r\n/g, "").replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), "latin1").toString("utf8");
  } else if (/content-transfer-encoding:\s*base64/i.test(head)) {
    body = Buffer.from(body, "base64").toString("utf8");
  }
  const subject = (head.match(/^subject:(.*)$/im)?.[1] ?? "").trim().replace(/=\?utf-8\?([qb])\?([^?]*)\?=\s*/gi, (_, enc: string, text: string) =>
    enc.toLowerCase() === "b"
      ? Buffer.from(text, "base64").toString("utf8")
      : Buffer.from(text.replace(/_/g, " ").replace(/=([0-9a-f]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), "latin1").toString("utf8"),
  );
  return { subject, body: body.replace(/\r\n/g, "\n") };
}

const to = (address: string) => received.filter((m) => m.to.includes(address));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function waitForMail(address: string, count: number) {
  for (let i = 0; i < 200 && to(address).length < count; i++) await sleep(25);
  return to(address);
}

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()), raw: Buffer.concat(chunks).toString("utf8") });
        callback();
      });
    },
  });
  const port = await new Promise<number>((resolve) => {
    const srv = smtp.listen(0, "127.0.0.1", () => resolve((srv.address() as AddressInfo).port));
  });
  process.env.SMTP_URL = `smtp://127.0.0.1:${port}`;
  process.env.PUBLIC_URL = "https://frontline.example.org";
  process.env.REMINDERS = "0";
  await startTestApp();
  (await import("#app/utils/mailer.server.ts")).resetMailer();
});

afterEach(async () => {
  const { throttles } = await import("#app/utils/throttle.server.ts");
  for (const t of Object.values(throttles)) t.reset();
});

afterAll(async () => {
  (await import("#app/utils/mailer.server.ts")).resetMailer();
  delete process.env.SMTP_URL;
  delete process.env.PUBLIC_URL;
  delete process.env.REMINDERS;
  await new Promise<void>((r) => smtp.close(() => r()));
});

const ERIN = "erin@lakeside-inn.example";

describe("/forgot with an SMTP server", () => {
  it("offers the link by email, on the sign-in and reset-code pages too", async () => {
    expect((await call(forgot.loader, "/forgot")).data).toMatchObject({ byEmail: true });
    expect((await call(login.loader, "/login")).data).toMatchObject({ resetByEmail: true });
    expect((await call(resetIndex.loader, "/reset")).data).toMatchObject({ resetByEmail: true });
  });

  it("emails a link that sets a new password; an unknown address gets the same answer and no email", async () => {
    const known = await post(forgot.action, "/forgot", { form: { email: "  Erin@Lakeside-Inn.example " } });
    const unknown = await post(forgot.action, "/forgot", { form: { email: "nobody@nowhere.example" } });
    expect(known.status).toBe(200);
    expect(unknown.status).toBe(known.status);
    expect(unknown.data).toEqual(known.data);
    expect(unknown.headers.get("Set-Cookie")).toBeNull();
    const mails = await waitForMail(ERIN, 1);
    expect(mails).toHaveLength(1);
    const { subject, body } = textOf(mails[0]!.raw);
    expect(subject).toMatch(/new password/i);
    expect(body).toContain("Erin Olson");
    expect(body).toContain("demo-employer");
    const link = body.match(/https:\/\/frontline\.example\.org\/reset\/([A-Za-z0-9_-]+)/);
    expect(link, body).not.toBeNull();
    const token = link![1]!;
    expect((await call(resetLink.loader, `/reset/${token}`, { params: { token } })).status).toBe(200);
    await sleep(200);
    expect(received.filter((m) => !m.to.includes(ERIN))).toEqual([]);
    const set = await post(resetLink.action, `/reset/${token}`, { params: { token }, form: { password: "erin's new passphrase", confirm: "erin's new passphrase" } });
    expect(set.status).toBe(302);
  });

  it("writes the email in the language the account chose", async () => {
    const { getUserByUsername, setUserLanguage } = await import("#app/models/user.server.ts");
    setUserLanguage(getUserByUsername("demo-council")!.id, "es");
    const before = to("council@tx.example").length;
    expect((await post(forgot.action, "/forgot", { form: { email: "council@tx.example" } })).status).toBe(200);
    const mails = await waitForMail("council@tx.example", before + 1);
    const { subject, body } = textOf(mails.at(-1)!.raw);
    expect(subject).toMatch(/contraseña/);
    expect(body).toMatch(/Hola/);
  });

  it("sends at most 3 links to one address in an hour, with the same answer after; and limits each client address", async () => {
    const before = to("admin@frontline.example").length;
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await post(forgot.action, "/forgot", { form: { email: "admin@frontline.example" } }));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    await sleep(300);
    expect(to("admin@frontline.example").length - before).toBe(3);
    const throttled = await post(forgot.action, "/forgot", { form: { email: "nobody@nowhere.example" } });
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get("Retry-After"))).toBeGreaterThan(0);
  });

  it("refuses a malformed address with 400 and writes nothing", async () => {
    const before = await countRows("password_resets");
    const res = await post(forgot.action, "/forgot", { form: { email: "not an address" } });
    expect(res.status).toBe(400);
    expect(await countRows("password_resets")).toBe(before);
  });
});
