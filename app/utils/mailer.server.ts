import nodemailer from "nodemailer";
import type { Transporter } from "nodemailer";
import { getEnv } from "./env.server.ts";

/**
 * The SMTP transport for outgoing email, made from SMTP_URL (smtp://host:587 upgrades with
 * STARTTLS when the server offers it; smtps://host:465 is TLS from the start). Undefined when
 * SMTP_URL is unset: callers then leave email in the outbox.
 *
 * Timeouts are short so that one send always ends well within the outbox's lease on a row
 * (see app/models/reminders.server.ts).
 */

export interface Mailer {
  transport: Transporter;
  from: string;
}

let cached: { url: string; from: string; mailer: Mailer } | undefined;

export function getMailer(): Mailer | undefined {
  const { SMTP_URL, MAIL_FROM } = getEnv();
  if (!SMTP_URL) return undefined;
  if (cached && cached.url === SMTP_URL && cached.from === MAIL_FROM) return cached.mailer;
  cached?.mailer.transport.close();
  const transport = nodemailer.createTransport({
    url: SMTP_URL,
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
  });
  cached = { url: SMTP_URL, from: MAIL_FROM, mailer: { transport, from: MAIL_FROM } };
  return cached.mailer;
}

/** Whether this deployment sends email at all (SMTP_URL is set). */
export function sendsEmail(): boolean {
  return getEnv().SMTP_URL !== undefined;
}

/** For tests that change SMTP_URL or MAIL_FROM (with resetEnvCache). */
export function resetMailer() {
  cached?.mailer.transport.close();
  cached = undefined;
}
