/**
 * The shared-device (break-room tablet) mode of a site: turned on and off by the employer's
 * admin, audited; read on each request of a tablet that carries the site's shared-device cookie
 * (app/server/shared-device.server.ts). See ADR 028.
 */
import { and, eq, isNotNull, sql } from "drizzle-orm";
import { employers, sites } from "#db/schema.ts";
import { getDb, prepared, writeTransaction, type Db } from "#app/utils/db.server.ts";
import { appendAudit } from "./audit.server.ts";
import type { User } from "#db/schema.ts";

/** A site whose shared-device mode is on, as a tablet in that mode shows it. */
export interface SharedDeviceSite {
  siteId: string;
  siteName: string;
  employerName: string;
  joinCode: string;
}

/** The site with this id, when its shared-device mode is on. */
export function sharedDeviceSite(siteId: string, db: Db = getDb()): SharedDeviceSite | undefined {
  return prepared(db, "shared-device-site", (d) =>
    d
      .select({ siteId: sites.id, siteName: sites.name, employerName: employers.name, joinCode: sites.joinCode })
      .from(sites)
      .innerJoin(employers, eq(employers.id, sites.employerId))
      .where(and(eq(sites.id, sql.placeholder("siteId")), isNotNull(sites.sharedDeviceSince)))
      .prepare(),
  ).get({ siteId });
}

/** The site a shared-device link names (its join code, any case), when its mode is on. */
export function sharedDeviceSiteByCode(joinCode: string, db: Db = getDb()): SharedDeviceSite | undefined {
  const row = db.select({ id: sites.id }).from(sites).where(eq(sites.joinCode, joinCode.trim().toUpperCase())).get();
  return row ? sharedDeviceSite(row.id, db) : undefined;
}

/**
 * Turns the mode on or off for one of the admin's sites, with an audit entry. False when the
 * site is not the admin's employer's; nothing is written when the mode is already as asked.
 */
export function setSharedDevice(
  input: { admin: Pick<User, "id" | "kind"> & { employerId: string }; siteId: string; on: boolean; clientAddress?: string },
  now: Date,
): boolean {
  return writeTransaction((tx) => {
    const site = tx.select({ id: sites.id, since: sites.sharedDeviceSince }).from(sites).where(and(eq(sites.id, input.siteId), eq(sites.employerId, input.admin.employerId))).get();
    if (!site) return false;
    if ((site.since !== null) === input.on) return true;
    tx.update(sites).set({ sharedDeviceSince: input.on ? now.getTime() : null }).where(eq(sites.id, input.siteId)).run();
    appendAudit(
      tx,
      { action: "shared-device-changed", actor: input.admin, clientAddress: input.clientAddress, target: { type: "site", id: input.siteId }, employerId: input.admin.employerId, detail: { on: input.on } },
      now,
    );
    return true;
  });
}
