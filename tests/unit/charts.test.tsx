import { renderToStaticMarkup } from "react-dom/server";
import type { ReactElement } from "react";
import { I18nProvider } from "#app/components/i18n.tsx";
import { RESOURCES } from "#app/locales/index.ts";

/** Rendered as the app does: inside the provider, with the page's messages. */
function render(element: ReactElement, lang: "en" | "es" = "en") {
  return renderToStaticMarkup(
    <I18nProvider lang={lang} messages={{ common: RESOURCES[lang].common!, public: RESOURCES[lang].public! }}>
      {element}
    </I18nProvider>,
  );
}
import { describe, expect, it } from "vitest";
import { BarChart, TrendChart, type ChartPoint, type ChartRow } from "#app/components/charts.tsx";

const SUPPRESSED = "suppressed: fewer than 5 workers or 3 employers";

/** Markup between the first `<tag` and its closing tag (tags in these charts never nest in themselves). */
function section(html: string, tag: string): string {
  const start = html.indexOf(`<${tag}`);
  const end = html.indexOf(`</${tag}>`, start);
  expect(start, `<${tag}> present`).toBeGreaterThanOrEqual(0);
  expect(end, `</${tag}> present`).toBeGreaterThan(start);
  return html.slice(start, end + tag.length + 3);
}

function count(html: string, re: RegExp): number {
  return (html.match(new RegExp(re.source, "g")) ?? []).length;
}

function unescape(s: string): string {
  return s.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

/** Text of every cell, row by row, with tags stripped. */
function tableRows(html: string): string[][] {
  const body = section(html, "tbody");
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) =>
    [...(m[1] ?? "").matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => unescape((c[1] ?? "").replace(/<[^>]+>/g, ""))),
  );
}

function expectAccessibleSvg(html: string, title: string, description: string) {
  const svg = section(html, "svg");
  const open = svg.slice(0, svg.indexOf(">") + 1);
  expect(open).toContain('role="img"');
  expect(open).toContain('width="100%"');
  expect(open).toMatch(/viewBox="0 0 600 \d+(\.\d+)?"/);
  expect(open).toContain('preserveAspectRatio="xMinYMin meet"');
  const labelledBy = /aria-labelledby="([^"]+)"/.exec(open)?.[1];
  expect(labelledBy).toBeDefined();
  const [titleId, descId, ...rest] = (labelledBy ?? "").split(" ");
  expect(rest).toEqual([]);
  expect(svg).toContain(`<title id="${titleId}">${title}</title>`);
  expect(svg).toContain(`<desc id="${descId}">${description}</desc>`);
  expect(titleId).not.toEqual(descId);
  // Each id exists exactly once in the whole markup.
  expect(count(html, new RegExp(`id="${titleId}"`))).toBe(1);
  expect(count(html, new RegExp(`id="${descId}"`))).toBe(1);
}

function expectFigureAndCaptions(html: string, title: string) {
  expect(html.startsWith("<figure")).toBe(true);
  expect(html.endsWith("</figure>")).toBe(true);
  expect(section(html, "figcaption")).toContain(`>${title}</figcaption>`);
  // The table is named by a visible title just above its scroll wrapper, not by a <caption>,
  // which is as wide as the table and was cut off at the wrapper's edge on a phone.
  expect(html).not.toContain("<caption");
  const titled = /<p class="chart-table-title" id="([^"]+)">([^<]*)<\/p><div class="table-wrap" tabindex="0" role="region" aria-label="([^"]+)"><table class="chart-table" aria-labelledby="([^"]+)">/.exec(html);
  expect(titled?.[2]).toBe(title);
  expect(titled?.[3]).toBe(title);
  expect(titled?.[4]).toBe(titled?.[1]);
  expect(count(html, new RegExp(`id="${titled?.[1]}"`))).toBe(1);
  // The table comes after the drawing.
  expect(html.indexOf("</svg>")).toBeLessThan(html.indexOf("<table"));
  // No inline styles (CSP) and no scripts.
  expect(html).not.toContain("style=");
  expect(html).not.toContain("<script");
}

function expectReadableText(html: string) {
  const svg = section(html, "svg");
  for (const m of svg.matchAll(/font-size="([\d.]+)"/g)) expect(Number(m[1])).toBeGreaterThanOrEqual(11);
}

function months(n: number, from = [2024, 1] as [number, number]): string[] {
  const [y0, m0] = from;
  return Array.from({ length: n }, (_, i) => {
    const k = y0 * 12 + (m0 - 1) + i;
    return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, "0")}`;
  });
}

describe("TrendChart", () => {
  const points: ChartPoint[] = [
    { label: "2025-01", rate: 62.5, covered: 1200, compliant: 750 },
    { label: "2025-02", rate: 70, covered: 12345, compliant: 8642 },
    { label: "2025-03", rate: null, covered: null, compliant: null },
    { label: "2025-04", rate: null, covered: 3, compliant: null, suppressed: true },
    { label: "2025-05", rate: 81.25, covered: 1000, compliant: 813 },
    { label: "2025-06", rate: 100, covered: 950, compliant: 950 },
  ];
  const title = "Training rate, hotels, statewide";
  const description = "Share of covered hotel workers with a current certificate, by month.";
  const html = render(<TrendChart id="trend-hotels" title={title} description={description} points={points} />);

  it("is a figure with an accessible svg, a visible caption and a table named by a visible title", () => {
    expectAccessibleSvg(html, title, description);
    expectFigureAndCaptions(html, title);
    expectReadableText(html);
    expect(section(html, "thead")).toMatch(
      /<th scope="col">Month<\/th><th scope="col"[^>]*>Covered workers<\/th><th scope="col"[^>]*>Compliant<\/th><th scope="col"[^>]*>Rate<\/th>/,
    );
  });

  it("draws one circle per non-null point and breaks the line at gaps", () => {
    // In each drawing: the wide one first, then the narrow one for phones.
    expect(count(section(html, "svg"), /<circle /)).toBe(4);
    expect(count(html, /<circle /)).toBe(8);
    const d = /<path[^>]*class="chart-line"[^>]*d="([^"]+)"|<path[^>]*d="([^"]+)"[^>]*class="chart-line"/.exec(html);
    const path = d?.[1] ?? d?.[2] ?? "";
    // Two runs: Jan–Feb, then May–Jun.
    expect(count(path, /M/)).toBe(2);
    expect(count(path, /L/)).toBe(2);
  });

  it("labels the y axis 0–100 % and draws gridlines", () => {
    for (const t of [0, 25, 50, 75, 100]) expect(section(html, "svg")).toContain(`>${t}%</text>`);
    expect(count(section(html, "svg"), /<line /)).toBeGreaterThanOrEqual(5);
  });

  it("lists every month with formatted numbers, and explains the dashes", () => {
    const rows = tableRows(html);
    expect(rows).toHaveLength(6);
    expect(rows[0]).toEqual(["2025-01", "1,200", "750", "62.5%"]);
    expect(rows[1]).toEqual(["2025-02", "12,345", "8,642", "70.0%"]);
    expect(rows[2]).toEqual(["2025-03", "—no data", "—no data", "—no data"]);
    expect(rows[3]).toEqual(["2025-04", "3", `—${SUPPRESSED}`, `—${SUPPRESSED}`]);
    expect(rows[4]).toEqual(["2025-05", "1,000", "813", "81.3%"]);
    expect(rows[5]).toEqual(["2025-06", "950", "950", "100.0%"]);
    const body = section(html, "tbody");
    expect(body).toContain(`title="${SUPPRESSED}"`);
    expect(body).toContain(`<span class="visually-hidden">${SUPPRESSED}</span>`);
    expect(body).toContain('<span class="visually-hidden">no data</span>');
  });

  it("thins the month labels on the x axis for 24 months but keeps all 24 in the table", () => {
    const labels = months(24);
    const many = render(
      <TrendChart
        id="trend-24"
        title="Two years"
        description="Two years of rates."
        points={labels.map((label, i) => ({ label, rate: 50 + i, covered: 100 + i, compliant: 50 + i }))}
      />,
    );
    const svg = section(many, "svg");
    const axisLabels = [...svg.matchAll(/<text[^>]*>(\d{4}-\d{2})<\/text>/g)].map((m) => m[1]);
    expect(axisLabels.length).toBeGreaterThan(1);
    expect(axisLabels.length).toBeLessThan(24);
    // The latest month is always labelled, and labels are evenly spaced.
    expect(axisLabels.at(-1)).toBe("2025-12");
    const xs = [...svg.matchAll(/<text[^>]*class="chart-x-label"[^>]*x="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(xs).toHaveLength(axisLabels.length);
    const gaps = xs.slice(1).map((x, i) => x - (xs[i] ?? 0));
    // "2025-12" at 12 units is about 50 wide: neighbours must not overlap.
    for (const g of gaps) expect(g).toBeGreaterThanOrEqual(55);
    expect(count(svg, /<circle /)).toBe(24);
    const rows = tableRows(many);
    expect(rows.map((r) => r[0])).toEqual(labels);
    expect(many).not.toContain("style=");
  });

  it("copes with no points", () => {
    const empty = render(<TrendChart id="e" title="Empty" description="Nothing yet." points={[]} />);
    expectAccessibleSvg(empty, "Empty", "Nothing yet.");
    expect(count(empty, /<circle /)).toBe(0);
    expect(empty).not.toContain("NaN");
  });
});

describe("BarChart", () => {
  const rows: ChartRow[] = [
    { label: "North County", rate: 88.88, covered: 2500, compliant: 2222 },
    { label: "Harbor", rate: 40, covered: 10, compliant: 4, note: "new region" },
    { label: "Lakes", rate: null, covered: null, compliant: null, suppressed: true },
    { label: "Hills", rate: null, covered: null, compliant: null },
    { label: "Airport & Rail", rate: 0, covered: 1234567, compliant: 0 },
  ];
  const title = "Training rate by region";
  const description = "Share of covered workers with a current certificate, by region.";
  const html = render(
    <BarChart id="bars-region" title={title} description={description} rows={rows} labelHeader="Region" />,
  );

  it("is a figure with an accessible svg, a visible caption and a table named by a visible title", () => {
    expectAccessibleSvg(html, title, description);
    expectFigureAndCaptions(html, title);
    expectReadableText(html);
    expect(section(html, "thead")).toMatch(/<th scope="col">Region<\/th>/);
  });

  it("defaults the label column header to Group", () => {
    const plain = render(<BarChart id="g" title="T" description="D" rows={rows.slice(0, 1)} />);
    expect(section(plain, "thead")).toMatch(/<th scope="col">Group<\/th>/);
  });

  it("draws one bar per row with a rate, proportional, with its value at its end", () => {
    const bars = [...section(html, "svg").matchAll(/<rect[^>]*class="chart-bar"[^>]*>/g)].map((m) => m[0]);
    expect(bars).toHaveLength(3);
    const widths = bars.map((b) => Number(/width="([\d.]+)"/.exec(b)?.[1]));
    expect(widths[2]).toBe(0);
    expect((widths[0] ?? 0) / (widths[1] ?? 1)).toBeCloseTo(88.88 / 40, 1);
    const svg = section(html, "svg");
    for (const v of ["88.9%", "40.0%", "0.0%"]) expect(svg).toContain(`>${v}</text>`);
    expect(svg).toContain(">suppressed</text>");
    expect(svg).toContain(">no data</text>");
    for (const r of ["North County", "Harbor", "Lakes", "Hills", "Airport &amp; Rail"]) expect(svg).toContain(`>${r}</text>`);
  });

  it("lists every row with formatted numbers, and explains the dashes", () => {
    const t = tableRows(html);
    expect(t).toEqual([
      ["North County", "2,500", "2,222", "88.9%"],
      ["Harbor (new region)", "10", "4", "40.0%"],
      ["Lakes", `—${SUPPRESSED}`, `—${SUPPRESSED}`, `—${SUPPRESSED}`],
      ["Hills", "—no data", "—no data", "—no data"],
      ["Airport & Rail", "1,234,567", "0", "0.0%"],
    ]);
    expect(section(html, "tbody")).toMatch(/<th scope="row">North County<\/th>/);
    expect(section(html, "tbody")).toContain(`title="${SUPPRESSED}"`);
  });

  it("keeps long labels inside the drawing but whole in the table", () => {
    const long = "The Very Long Name Of A Transit Authority District";
    const out = render(
      <BarChart id="l" title="T" description="D" rows={[{ label: long, rate: 55, covered: 20, compliant: 11 }]} />,
    );
    expect(section(out, "svg")).not.toContain(`>${long}</text>`);
    expect(section(out, "tbody")).toContain(`>${long}</th>`);
  });

  it("does not escape ids into invalid references", () => {
    const out = render(<BarChart id="rate by sector" title="T" description="D" rows={rows} />);
    expectAccessibleSvg(out, "T", "D");
  });

  it("speaks the page's language: Spanish headers, notes and number formats", () => {
    const out = render(<BarChart id="es" title="T" description="D" rows={rows} />, "es");
    expect(section(out, "thead")).toContain("Trabajadores obligados");
    expect(section(out, "tbody")).toContain("omitido: menos de 5 trabajadores");
    // Spanish sets the percent sign off with a (no-break) space; digits group as in US English.
    expect(tableRows(out)[0]).toEqual(["North County", "2,500", "2,222", "88.9\u00a0%"]);
    expect(section(out, "svg")).toContain(">88.9\u00a0%</text>");
    expect(section(out, "svg")).toContain(">100\u00a0%</text>");
    expect(out).not.toMatch(/charts\.\w+/);
  });
});

describe("both charts, on a phone", () => {
  const points: ChartPoint[] = months(24).map((label, i) => ({ label, rate: 40 + i, covered: 100, compliant: 40 + i }));
  const rows: ChartRow[] = [
    { label: "Travis", rate: 70, covered: 20, compliant: 14 },
    { label: "A County With A Rather Long Name", rate: 35, covered: 40, compliant: 14 },
  ];
  for (const [name, html] of [
    ["TrendChart", render(<TrendChart id="t" title="Trend" description="By month." points={points} />)],
    ["BarChart", render(<BarChart id="b" title="Bars" description="By county." rows={rows} />)],
  ] as const) {
    it(`${name}: a second drawing 320 wide for phones, labels of 14 or more, its own ids, the same data`, () => {
      const svgs = [...html.matchAll(/<svg[\s\S]*?<\/svg>/g)].map((m) => m[0]);
      expect(svgs).toHaveLength(2);
      const [wide, narrow] = svgs as [string, string];
      expect(wide).toContain('class="chart-svg chart-wide"');
      expect(narrow).toContain('class="chart-svg chart-narrow"');
      expect(narrow).toMatch(/viewBox="0 0 320 \d+(\.\d+)?"/);
      // Shown about 290 px wide on a 360 px phone: 14 user units render at 12.6 px or more.
      expect(narrow).toMatch(/<svg[^>]*font-size="15"/);
      for (const m of narrow.matchAll(/font-size="([\d.]+)"/g)) expect(Number(m[1])).toBeGreaterThanOrEqual(14);
      const idsOf = (svg: string) => /aria-labelledby="([^"]+)"/.exec(svg)?.[1]?.split(" ") ?? [];
      for (const id of [...idsOf(wide), ...idsOf(narrow)]) expect(count(html, new RegExp(`id="${id}"`))).toBe(1);
      expect(idsOf(narrow)).toHaveLength(2);
      // One table for both drawings.
      expect(count(html, /<table/)).toBe(1);
      // Every drawn text inside the 320-unit frame, by its anchor point.
      for (const m of narrow.matchAll(/<text[^>]*\sx="([\d.-]+)"/g)) {
        expect(Number(m[1])).toBeGreaterThanOrEqual(0);
        expect(Number(m[1])).toBeLessThanOrEqual(320);
      }
    });
  }
});
