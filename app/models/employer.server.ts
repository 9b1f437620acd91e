import { eq, sql } from "drizzle-orm";
import { employers, employments } from "#db/schema.ts";
import { getDb, type Db } from "#app/utils/db.server.ts";
import { newId, newJoinCode } from "#app/utils/ids.server.ts";

export type Employer = typeof employers.$inferSelect;

export function createEmployer(
  input: { name: string; sector: "lodging" | "transit"; jurisdiction: string; county?: string; joinCode?: string },
  now: Date,
  db: Db = getDb(),
): Employer {
  const row = {
    id: newId(),
    name: input.name,
    sector: input.sector,
    jurisdiction: input.jurisdiction,
    county: input.county ?? null,
    joinCode: input.joinCode ?? newJoinCode(),
    createdAt: now.getTime(),
  };
  db.insert(employers).values(row).run();
  return row;
}

/** Join codes are matched case-insensitively: they are printed on posters and typed by hand. */
export function getEmployerByJoinCode(joinCode: string, db: Db = getDb()): Employer | undefined {
  return db.select().from(employers).where(eq(employers.joinCode, joinCode.trim().toUpperCase())).get();
}

export function getEmployer(id: string, db: Db = getDb()): Employer | undefined {
  return db.select().from(employers).where(eq(employers.id, id)).get();
}

/** Every employer with its number of current workers, for the platform admin. */
export function listEmployers(db: Db = getDb()) {
  return db
    .select({
      id: employers.id,
      name: employers.name,
      sector: employers.sector,
      jurisdiction: employers.jurisdiction,
      county: employers.county,
      workers: sql<number>`(SELECT count(*) FROM ${employments} e WHERE e.employer_id = ${employers.id} AND e.ended_at IS NULL)`,
    })
    .from(employers)
    .orderBy(employers.name)
    .all();
}
