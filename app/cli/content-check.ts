/** npm run content:check — validates content/ and prints every problem with its file and field. */
import path from "node:path";
import { ContentError, loadContent } from "#app/models/content.server.ts";
import { modulesForRole, questionsForRole, versionLabel } from "#app/domain/content-schema.ts";

const dir = path.resolve(process.argv[2] ?? process.env.CONTENT_DIR ?? "content");
try {
  const content = loadContent(dir);
  for (const course of content.courses.values()) {
    console.log(`${course.id} ${versionLabel(course)}: ${course.modules.length} modules, ${course.questions.length} questions`);
    for (const role of course.roles) {
      const mods = modulesForRole(course, role);
      console.log(
        `  ${role.padEnd(20)} ${String(mods.length).padStart(2)} modules, ${String(mods.reduce((s, m) => s + m.minutes, 0)).padStart(3)} min, ${questionsForRole(course, role).length} questions`,
      );
    }
  }
  console.log(`Content OK (${content.roles.length} roles, ${content.hotlines.length} hotlines).`);
} catch (error) {
  if (error instanceof ContentError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
