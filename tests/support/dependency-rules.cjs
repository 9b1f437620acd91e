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
      name: "pdf-layout-only-in-the-pdf-thread",
      comment:
        "react-pdf and pdfkit load only in the PDF threads (app/pdf/worker.server.ts loads each document on its first job): the serving thread never lays out a PDF, and loading them there cost ~30 MB resident in every server process (ADR 036). Import types, or move a shared constant to a plain module (app/pdf/page-sizes.ts).",
      severity: "error",
      from: { pathNot: "^app/pdf/(worker|attestation|card|certificate|poster|shared|sign|slip|report)\\.server\\.tsx?$" },
      to: { path: "^app/pdf/(attestation|card|certificate|poster|shared|sign|slip|report)\\.server\\.tsx?$|node_modules/(@react-pdf|pdfkit)/", dependencyTypesNot: ["type-only"] },
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
