/**
 * A real SMTP server in the test process (smtp-server): it receives what the app's mailer
 * sends, and each message is parsed enough for assertions: envelope, subject, the text body and
 * any attachments (multipart/mixed, base64 or quoted-printable parts). `rejected` addresses get a
 * 550 at RCPT TO, as a mailbox that does not exist would.
 */
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export interface ReceivedAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

export interface Received {
  from: string;
  to: string[];
  subject: string;
  body: string;
  attachments: ReceivedAttachment[];
}

export interface SmtpReceiver {
  url: string;
  received: Received[];
  rejected: Set<string>;
  close(): Promise<void>;
}

function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?utf-8\?([qb])\?([^?]*)\?=/gi, (_, enc: string, text: string) =>
      enc.toLowerCase() === "b"
        ? Buffer.from(text, "base64").toString("utf8")
        : Buffer.from(text.replace(/_/g, " ").replace(/=([0-9a-f]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), "latin1").toString("utf8"),
    );
}

/** A MIME entity's headers (folded lines joined) and its raw body. */
function splitEntity(raw: string) {
  const split = raw.indexOf("\r\n\r\n");
  const head = (split < 0 ? raw : raw.slice(0, split)).replace(/\r\n[ \t]+/g, " ");
  const body = split < 0 ? "" : raw.slice(split + 4);
  const header = (name: string) =>
    head
      .split("\r\n")
      .find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`))
      ?.slice(name.length + 1)
      .trim() ?? "";
  return { header, body };
}

function decodeBody(body: string, cte: string): Buffer {
  const enc = cte.toLowerCase();
  if (enc === "quoted-printable") {
    return Buffer.from(body.replace(/=\r\n/g, "").replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), "latin1");
  }
  if (enc === "base64") return Buffer.from(body.replace(/\s+/g, ""), "base64");
  return Buffer.from(body, "utf8");
}

/** Enough of RFC 5322/2045/2046 for what the app sends: a text message, or multipart/mixed with text and attachments. */
export function parseMessage(raw: string, envelope: { from: string; to: string[] }): Received {
  const { header, body } = splitEntity(raw);
  const subject = decodeWords(header("Subject"));
  const type = header("Content-Type");
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (!type.toLowerCase().startsWith("multipart/") || !boundary) {
    return { ...envelope, subject, body: decodeBody(body, header("Content-Transfer-Encoding")).toString("utf8").replace(/\r\n/g, "\n"), attachments: [] };
  }
  let text = "";
  const attachments: ReceivedAttachment[] = [];
  const parts = body.split(`--${boundary}`).slice(1);
  for (const part of parts) {
    if (part.startsWith("--")) break;
    const entity = splitEntity(part.replace(/^\r\n/, "").replace(/\r\n$/, ""));
    const content = decodeBody(entity.body, entity.header("Content-Transfer-Encoding"));
    const disposition = entity.header("Content-Disposition");
    const filename = decodeWords(/filename="?([^";]+)"?/i.exec(disposition)?.[1] ?? "");
    const contentType = entity.header("Content-Type").split(";")[0]!.trim().toLowerCase();
    if (disposition.toLowerCase().startsWith("attachment")) attachments.push({ filename, contentType, content });
    else if (contentType === "text/plain" && !text) text = content.toString("utf8").replace(/\r\n/g, "\n");
  }
  return { ...envelope, subject, body: text, attachments };
}

/** Starts a receiver on a free port of 127.0.0.1. */
export async function startSmtpReceiver(): Promise<SmtpReceiver> {
  const received: Received[] = [];
  const rejected = new Set<string>();
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    size: 20 * 1024 * 1024,
    onRcptTo(address, _session, callback) {
      if (rejected.has(address.address.toLowerCase())) {
        callback(Object.assign(new Error("Mailbox unavailable"), { responseCode: 550 }));
      } else {
        callback();
      }
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const envelope = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
        };
        received.push(parseMessage(Buffer.concat(chunks).toString("utf8"), envelope));
        callback();
      });
    },
  });
  const port = await new Promise<number>((resolve) => {
    const srv = smtp.listen(0, "127.0.0.1", () => resolve((srv.address() as AddressInfo).port));
  });
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    rejected,
    close: () => new Promise<void>((resolve) => smtp.close(() => resolve())),
  };
}
