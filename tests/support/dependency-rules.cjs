/**
 * What each folder may import (dependency-cruiser; ADR 019). Checked by
 * tests/unit/architecture.test.ts; run by hand with
 *   npx depcruise app db --config tests/support/dependency-rules.cjs
 */
const SERVER_ONLY = "(^app/(models|server|utils|cli)/)|\\.server\\.tsx?$|^db/";
module.exports = {
  forbidden: [
    {
      name: "no-cycles",
      comment: "Modules form no import cycle (type imports included): a cycle hides an unclear split.",
      severity: "error",
      from: { path: "^(app|db)/" },
      to: { circular: true },
    },
    {
      name: "domain-is-pure",
      comment: "app/domain holds rules with no I/O: no database, no server code, no files, no network.",
      severity: "error",
      from: { path: "^app/domain/" },
      to: { path: `${SERVER_ONLY}|^app/(routes|pdf|components|i18n|locales)/|node_modules/(drizzle-orm|better-sqlite3|nodemailer)`, dependencyTypesNot: ["type-only"] },
    },
    {
      name: "domain-uses-no-node-io",
      severity: "error",
      from: { path: "^app/domain/" },
      to: { dependencyTypes: ["core"], pathNot: "^(node:)?crypto$" },
    },
    {
      name: "routes-hold-no-sql",
      comment: "Routes parse input, call a model and return: no database access of their own.",
      severity: "error",
      from: { path: "^app/routes/" },
      to: { path: "^db/|node_modules/(drizzle-orm|better-sqlite3)|^app/utils/db\\.server\\.ts$", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "components-are-browser-safe",
      comment: "UI pieces run in the browser: no server-only module.",
      severity: "error",
      from: { path: "^app/components/" },
      to: { path: SERVER_ONLY, dependencyTypesNot: ["type-only"] },
    },
    {
      name: "csv-only-through-writeCsv",
      comment: "Every CSV the app writes goes through writeCsv (app/domain/csv.ts), the one home of spreadsheet formula escaping.",
      severity: "error",
      from: { path: "^(app|db)/", pathNot: "^app/domain/csv\\.ts$" },
      to: { path: "node_modules/csv-stringify" },
    },
    {
      name: "models-do-not-reach-up",
      comment: "Data access does not import pages, guards or the PDF documents' views.",
      severity: "error",
      from: { path: "^app/models/" },
      to: { path: "^app/(routes|components)/|^app/server/(auth|session)\\.server\\.ts$" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default"] },
  },
};
