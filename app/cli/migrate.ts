/** npm run db:migrate — applies the committed migrations to DATABASE_PATH (npm start does this too). */
import { getDb, closeDb } from "#app/utils/db.server.ts";
import { getEnv } from "#app/utils/env.server.ts";

getDb();
closeDb();
console.log(`Migrations applied to ${getEnv().DATABASE_PATH}.`);
