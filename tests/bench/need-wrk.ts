import { spawnSync } from "node:child_process";

/** wrk (Debian package) generates the HTTP load: installed with apt-get when missing and root. */
export function ensureWrk() {
  if (!spawnSync("wrk", ["--version"]).error) return;
  if (process.getuid?.() === 0 && !spawnSync("apt-get", ["--version"]).error) {
    console.log("wrk is missing: apt-get install -y wrk");
    spawnSync("apt-get", ["update", "-qq"], { stdio: "inherit" });
    spawnSync("apt-get", ["install", "-y", "-qq", "wrk"], { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
    if (!spawnSync("wrk", ["--version"]).error) return;
  }
  console.error("wrk is not installed: apt-get install wrk (Debian), then run again.");
  process.exit(2);
}
