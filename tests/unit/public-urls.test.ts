import { afterEach, describe, expect, it } from "vitest";
import { certificatePath, joinUrl, siteUrl, trimOrigin, verifyPath, verifyUrl } from "#app/domain/public-urls.ts";
import { resetEnvCache } from "#app/utils/env.server.ts";
import { publicOrigin } from "#app/utils/public-url.server.ts";

const ORIGIN = "https://frontline.example.org";

describe("addresses on the site", () => {
  it("join the origin and the path once, whatever slashes the origin ends with", () => {
    expect(trimOrigin(`${ORIGIN}//`)).toBe(ORIGIN);
    expect(siteUrl(`${ORIGIN}/`, "/learn")).toBe(`${ORIGIN}/learn`);
    expect(siteUrl(ORIGIN, "/employer/roster")).toBe(`${ORIGIN}/employer/roster`);
  });

  it("name a certificate by its code as printed, from the stored or the printed form alike", () => {
    expect(verifyUrl(`${ORIGIN}/`, "7KX4PDEM24QRT9H")).toBe(`${ORIGIN}/verify/7KX4P-DEM24-QRT9H`);
    expect(verifyUrl(ORIGIN, "7KX4P-DEM24-QRT9H")).toBe(`${ORIGIN}/verify/7KX4P-DEM24-QRT9H`);
    expect(verifyPath("7KX4PDEM24QRT9H")).toBe("/verify/7KX4P-DEM24-QRT9H");
    expect(certificatePath("7KX4PDEM24QRT9H")).toBe("/certificates/7KX4P-DEM24-QRT9H");
    expect(certificatePath("7KX4P-DEM24-QRT9H")).toBe("/certificates/7KX4P-DEM24-QRT9H");
  });

  it("without a code, point at the page that asks for one", () => {
    expect(verifyPath()).toBe("/verify");
    expect(verifyUrl(`${ORIGIN}/`)).toBe(`${ORIGIN}/verify`);
  });

  it("send workers to their employer's join page", () => {
    expect(joinUrl(`${ORIGIN}/`, "LAKESIDE23")).toBe(`${ORIGIN}/join/LAKESIDE23`);
  });
});

describe("the public origin", () => {
  const saved = { PUBLIC_URL: process.env.PUBLIC_URL, PORT: process.env.PORT };
  afterEach(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    resetEnvCache();
  });
  const set = (env: { PUBLIC_URL?: string; PORT?: string }) => {
    for (const k of ["PUBLIC_URL", "PORT"] as const) {
      if (env[k] === undefined) delete process.env[k];
      else process.env[k] = env[k];
    }
    resetEnvCache();
  };
  it("is PUBLIC_URL when set, without a trailing slash", () => {
    set({ PUBLIC_URL: "https://training.example.org/", PORT: "4100" });
    expect(publicOrigin()).toBe("https://training.example.org");
  });

  it("is else localhost on the configured port (development and tests; production needs PUBLIC_URL)", () => {
    set({ PORT: "4100" });
    expect(publicOrigin()).toBe("http://localhost:4100");
  });
});
