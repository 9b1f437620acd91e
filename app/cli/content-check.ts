/** npm run content:check — validates content/ and prints every problem with its file and field. */
import path from "node:path";
import { ContentError, loadContent } from "#app/server/content.server.ts";
import { modulesForRole, questionsForRole, versionLabel } from "#app/domain/content-schema.ts";
import { RULE_FIELDS, unverifiedFields } from "#app/domain/policy-schema.ts";

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
  // Rules: how much of each is the law's own words, and whether the course meets it by itself.
  const rules = [...content.policies.values()].sort((a, b) => a.policy.id.localeCompare(b.policy.id));
  console.log(`Rules (content/policies/): ${rules.length} on file, ${rules.filter((r) => r.policy.verified).length} verified`);
  for (const { policy } of rules) {
    const open = unverifiedFields(policy);
    const roles = policy.coveredRoles.value ?? [];
    const meets = roles.filter((r) => content.fits.get(`${policy.id}:${r}`)?.meets).length;
    console.log(
      `  ${policy.id.padEnd(16)} ${policy.status.padEnd(12)} ${String(RULE_FIELDS.length - open.length).padStart(2)}/${RULE_FIELDS.length} quoted${policy.verified ? ", verified" : ""}; course meets it for ${meets}/${roles.length} roles${open.length ? `; not quoted: ${open.map((o) => o.field).join(", ")}` : ""}`,
    );
  }
  console.log(`Content OK (${content.roles.length} roles, ${content.hotlines.length} hotlines).`);
} catch (error) {
  if (error instanceof ContentError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
