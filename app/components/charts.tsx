/**
 * Server-rendered SVG charts for the council's training-rate pages.
 *
 * They need no JavaScript and no inline styles (the CSP forbids `style=`): geometry and colour are SVG
 * presentation attributes, layout is in charts.css. Each chart is a <figure> whose <svg role="img"> is
 * named by its own <title> and <desc>, followed by the table it draws, so nothing is only in the picture.
 */

import { useId, useMemo, type ReactNode } from "react";
import type { LinkDescriptor } from "@remix-run/node";
import chartsHref from "./charts.css?url";
import { useLang, useT } from "#app/components/i18n.tsx";
import { formatNumber, formatPercent, NO_FIGURE } from "#app/i18n/format.ts";
import type { Lang, TFunction } from "#app/i18n/translate.ts";
import { TableWrap } from "./table-wrap.tsx";

/**
 * The charts' stylesheet, for the `links` of the routes that draw charts (and only those: a
 * worker's first load does not fetch it).
 */
export const chartLinks: LinkDescriptor[] = [{ rel: "stylesheet", href: chartsHref }];

/** Percent 0..100; null when there is no data or the figure is suppressed (set `suppressed`). */
export type ChartPoint = {
  label: string;
  rate: number | null;
  covered: number | null;
  compliant: number | null;
  suppressed?: boolean;
};

export type ChartRow = ChartPoint & { note?: string };

export type TrendChartProps = { id: string; title: string; description: string; points: ChartPoint[] };

export type BarChartProps = { id: string; title: string; description: string; rows: ChartRow[]; labelHeader?: string };

/**
 * The charts' messages: the `charts` group of the public namespace, which the council's and
 * the public transparency pages both get.
 */
function useChartT(): TFunction {
  const t = useT("public");
  return useMemo<TFunction>(() => (key, options) => t(`charts.${key}`, options), [t]);
}

// Colours with AA contrast on white.
const BRAND = "#0b4f6c";
const INK = "#1b1f24";
const GRID = "#6b7785";

/**
 * Each chart is drawn twice, for two widths, and the stylesheet shows one (charts.css): a
 * viewBox is scaled to the box it fills, so one drawing for both a phone and a desktop would
 * shrink its labels to 6 px on a phone. Each frame's width is close to the width it is shown
 * at, so its labels render at about their font size, at least 12 px.
 */
type Frame = { name: "wide" | "narrow"; width: number; font: number; small: number; maxLabel: number; stacked: boolean };
/** Bar labels beside their bars (at most 200 units wide). */
const WIDE: Frame = { name: "wide", width: 600, font: 13, small: 12, maxLabel: 200, stacked: false };
/** Bar labels above their bars, across the whole width, so they need not be cut short. */
const NARROW: Frame = { name: "narrow", width: 320, font: 15, small: 14, maxLabel: 320, stacked: true };
const FRAMES = [WIDE, NARROW] as const;
const SMALL = WIDE.small;
/** A generous average glyph width, as a fraction of the font size, for laying out labels. */
const GLYPH = 0.6;
const TICKS = [0, 25, 50, 75, 100] as const;

/** Rates in tables and at the bars' ends keep one decimal, so a column lines up: "70.0%". */
const formatRate = (rate: number | null, lang: Lang) => formatPercent(rate, lang, 1);

/** A rate safe to draw: finite and within 0..100, else null. */
function drawable(rate: number | null): number | null {
  if (rate === null || !Number.isFinite(rate)) return null;
  return Math.min(100, Math.max(0, rate));
}

function ids(id: string, frame: Frame) {
  const base = id.replace(/[^A-Za-z0-9_-]/g, "-") + (frame === WIDE ? "" : `-${frame.name}`);
  return { titleId: `${base}-title`, descId: `${base}-desc` };
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

/** A table cell for a count or rate; a null shows "—" with its reason for screen readers and on hover. */
function ValueCell({ text, suppressed }: { text: string; suppressed: boolean | undefined }) {
  const t = useChartT();
  if (text !== NO_FIGURE) return <td className="num">{text}</td>;
  const why = suppressed ? t("suppressedWhy") : t("noDataWhy");
  return (
    <td className="num">
      <span aria-hidden="true" title={why}>
        —
      </span>
      <span className="visually-hidden">{why}</span>
    </td>
  );
}

/** A visible key for the dashes, shown only when the table has any. */
function NullKey({ items }: { items: ChartPoint[] }) {
  const t = useChartT();
  const hasNull = (p: ChartPoint) =>
    [p.rate, p.covered, p.compliant].some((v) => v === null || !Number.isFinite(v));
  const suppressed = items.some((p) => p.suppressed && hasNull(p));
  const missing = items.some((p) => !p.suppressed && hasNull(p));
  if (!suppressed && !missing) return null;
  const parts = [suppressed ? t("suppressedWhy") : null, missing ? t("noDataWhy") : null].filter(Boolean);
  return (
    <p className="chart-key" aria-hidden="true">
      — {parts.join("; — ")}
    </p>
  );
}

function DataTable({
  title,
  labelHeader,
  items,
  nowrapLabels = false,
}: {
  title: string;
  labelHeader: string;
  items: ChartRow[];
  /** Labels that must not wrap, such as months ("2025-01"), whose hyphen is no place to break. */
  nowrapLabels?: boolean;
}) {
  const t = useChartT();
  const lang = useLang();
  const titleId = useId();
  // A region that may scroll on a phone: reachable by keyboard, named by its table's title. The
  // title sits above the region, not in a <caption>: a caption is as wide as its table, so on a
  // 360 px phone a wide table's title ran past the region's visible edge ("…last 24 mon").
  return (
    <>
      <p className="chart-table-title" id={titleId}>
        {title}
      </p>
      <TableWrap label={title}>
        <table className="chart-table" aria-labelledby={titleId}>
          <thead>
            <tr>
              <th scope="col">{labelHeader}</th>
              <th scope="col" className="num">
                {t("coveredWorkers")}
              </th>
              <th scope="col" className="num">
                {t("compliant")}
              </th>
              <th scope="col" className="num">
                {t("rate")}
              </th>
            </tr>
          </thead>
          <tbody>
            {items.length === 0 ? (
              <tr>
                <td colSpan={4}>{t("noDataRows")}</td>
              </tr>
            ) : (
              items.map((r, i) => (
                <tr key={`${i}-${r.label}`}>
                  <th scope="row" className={nowrapLabels ? "nowrap" : undefined}>
                    {r.label}
                    {r.note ? <span className="meta"> ({r.note})</span> : null}
                  </th>
                  <ValueCell text={formatNumber(r.covered, lang)} suppressed={r.suppressed} />
                  <ValueCell text={formatNumber(r.compliant, lang)} suppressed={r.suppressed} />
                  <ValueCell text={formatRate(r.rate, lang)} suppressed={r.suppressed} />
                </tr>
              ))
            )}
          </tbody>
        </table>
      </TableWrap>
    </>
  );
}

function ChartSvg({
  id,
  frame,
  title,
  description,
  height,
  children,
}: {
  id: string;
  frame: Frame;
  title: string;
  description: string;
  height: number;
  children: ReactNode;
}) {
  const { titleId, descId } = ids(id, frame);
  return (
    <svg
      className={`chart-svg chart-${frame.name}`}
      role="img"
      aria-labelledby={`${titleId} ${descId}`}
      width="100%"
      viewBox={`0 0 ${frame.width} ${height}`}
      preserveAspectRatio="xMinYMin meet"
      fontSize={frame.font}
    >
      <title id={titleId}>{title}</title>
      <desc id={descId}>{description}</desc>
      {children}
    </svg>
  );
}

/** Every `step`-th index counting back from the last, so the latest month always has a label. */
export function labelledIndexes(count: number, plotWidth: number, longestLabel: number, fontSize: number = SMALL): number[] {
  if (count <= 0) return [];
  if (count === 1) return [0];
  const minGap = longestLabel * fontSize * GLYPH + 12;
  const spacing = plotWidth / (count - 1);
  const need = minGap / spacing;
  const step = [1, 2, 3, 4, 6, 12].find((s) => s >= need) ?? Math.ceil(need / 12) * 12;
  const out: number[] = [];
  for (let i = count - 1; i >= 0; i -= step) out.unshift(i);
  return out;
}

/** Rate over months: a line with a dot per month, broken where a month has no rate. */
export function TrendChart({ id, title, description, points }: TrendChartProps) {
  const tr = useChartT();
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      {FRAMES.map((frame) => (
        <TrendSvg key={frame.name} frame={frame} id={id} title={title} description={description} points={points} />
      ))}
      <DataTable title={title} labelHeader={tr("month")} items={points} nowrapLabels />
      <NullKey items={points} />
    </figure>
  );
}

function TrendSvg({ frame, id, title, description, points }: TrendChartProps & { frame: Frame }) {
  const tr = useChartT();
  const lang = useLang();
  const WIDTH = frame.width;
  const SMALL = frame.small;
  const height = frame === WIDE ? 260 : 240;
  const longest = points.reduce((max, p) => Math.max(max, p.label.length), 1);
  // Room on the left for "100 %" and on the right for half the last month's label.
  const m = { top: 14, right: Math.max(30, Math.ceil((longest * SMALL * GLYPH) / 2) + 10), bottom: 34, left: Math.ceil(5 * SMALL * GLYPH) + 12 };
  const plotW = WIDTH - m.left - m.right;
  const plotH = height - m.top - m.bottom;
  const n = points.length;
  const x = (i: number) => round(n <= 1 ? m.left + plotW / 2 : m.left + (i * plotW) / (n - 1));
  const y = (rate: number) => round(m.top + (1 - rate / 100) * plotH);

  const drawn = points.map((p, i) => ({ i, rate: drawable(p.rate) }));
  let d = "";
  let penDown = false;
  for (const { i, rate } of drawn) {
    if (rate === null) {
      penDown = false;
      continue;
    }
    d += `${penDown ? "L" : "M"}${x(i)} ${y(rate)}`;
    penDown = true;
  }
  const dots = drawn.filter((p): p is { i: number; rate: number } => p.rate !== null);
  const labelled = labelledIndexes(n, plotW, longest, SMALL);

  return (
      <ChartSvg id={id} frame={frame} title={title} description={description} height={height}>
        <g className="chart-grid">
          {TICKS.map((t) => (
            <g key={t}>
              <line
                x1={m.left}
                x2={WIDTH - m.right}
                y1={y(t)}
                y2={y(t)}
                stroke={GRID}
                strokeWidth={t === 0 ? 1.5 : 1}
                strokeDasharray={t === 0 ? undefined : "3 4"}
              />
              <text x={m.left - 8} y={y(t)} dy="0.35em" textAnchor="end" fill={INK} fontSize={SMALL}>
                {formatPercent(t, lang)}
              </text>
            </g>
          ))}
        </g>
        <g className="chart-x-labels">
          {labelled.map((i) => (
            <text key={i} className="chart-x-label" x={x(i)} y={height - m.bottom + 20} textAnchor="middle" fill={INK} fontSize={SMALL}>
              {points[i]?.label}
            </text>
          ))}
        </g>
        {d ? (
          <path
            className="chart-line"
            d={d}
            fill="none"
            stroke={BRAND}
            strokeWidth={2.5}
            strokeLinejoin="round"
            strokeLinecap="round"
          />
        ) : null}
        {dots.map(({ i, rate }) => (
          <circle key={i} className="chart-point" cx={x(i)} cy={y(rate)} r={3.5} fill={BRAND} stroke="#ffffff" strokeWidth={1} />
        ))}
        {dots.length === 0 ? (
          <text x={m.left + plotW / 2} y={m.top + plotH / 2} textAnchor="middle" fill={INK}>
            {tr("noData")}
          </text>
        ) : null}
      </ChartSvg>
  );
}

/** One horizontal bar per row, its rate printed at its end; "suppressed" or "no data" where there is none. */
export function BarChart({ id, title, description, rows, labelHeader }: BarChartProps) {
  const tr = useChartT();
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      {FRAMES.map((frame) => (
        <BarSvg key={frame.name} frame={frame} id={id} title={title} description={description} rows={rows} />
      ))}
      <DataTable title={title} labelHeader={labelHeader ?? tr("group")} items={rows} />
      <NullKey items={rows} />
    </figure>
  );
}

function BarSvg({ frame, id, title, description, rows }: BarChartProps & { frame: Frame }) {
  const tr = useChartT();
  const lang = useLang();
  const WIDTH = frame.width;
  const FONT = frame.font;
  const SMALL = frame.small;
  const barH = Math.round(FONT * 1.4);
  // Stacked: a label line, then the bar.
  const labelLine = frame.stacked ? Math.round(FONT * 1.35) : 0;
  const rowH = frame.stacked ? labelLine + barH + 8 : Math.round(FONT * 2.15);
  const top = 6;
  const axis = SMALL + 14;
  const valueSpace = Math.ceil(6 * FONT * GLYPH) + 11;
  const charW = FONT * GLYPH;
  const longest = rows.reduce((max, r) => Math.max(max, r.label.length), 4);
  const labelW = Math.min(frame.maxLabel, Math.max(60, Math.ceil(longest * charW) + 4));
  const maxChars = Math.floor(labelW / charW);
  // Stacked, the bars start a little in, so the "0%" under their start is not cut off.
  const barX = frame.stacked ? Math.ceil(2 * SMALL * GLYPH) : labelW + 10;
  const barMax = WIDTH - barX - valueSpace;
  const bodyH = Math.max(1, rows.length) * rowH;
  const height = top + bodyH + axis;
  const gx = (t: number) => round(barX + (t / 100) * barMax);
  const short = (s: string) => (s.length > maxChars ? `${s.slice(0, Math.max(1, maxChars - 1))}…` : s);

  return (
      <ChartSvg id={id} frame={frame} title={title} description={description} height={height}>
        <g className="chart-grid">
          {TICKS.map((t) => (
            <g key={t}>
              <line
                x1={gx(t)}
                x2={gx(t)}
                y1={top}
                y2={top + bodyH}
                stroke={GRID}
                strokeWidth={t === 0 ? 1.5 : 1}
                strokeDasharray={t === 0 ? undefined : "3 4"}
              />
              <text x={gx(t)} y={top + bodyH + 18} textAnchor="middle" fill={INK} fontSize={SMALL}>
                {formatPercent(t, lang)}
              </text>
            </g>
          ))}
        </g>
        {rows.map((r, i) => {
          const rate = drawable(r.rate);
          const mid = frame.stacked ? top + i * rowH + labelLine + barH / 2 : top + i * rowH + rowH / 2;
          const w = rate === null ? 0 : round((rate / 100) * barMax);
          return (
            <g key={`${i}-${r.label}`}>
              {frame.stacked ? (
                <text x={0} y={top + i * rowH + labelLine / 2} dy="0.35em" fill={INK} stroke="#ffffff" strokeWidth={3} paintOrder="stroke">
                  {short(r.label)}
                </text>
              ) : (
                <text x={labelW} y={mid} dy="0.35em" textAnchor="end" fill={INK}>
                  {short(r.label)}
                </text>
              )}
              {rate === null ? (
                <text className="chart-null" x={barX + 6} y={mid} dy="0.35em" fill={INK}>
                  {r.suppressed ? tr("suppressedShort") : tr("noDataShort")}
                </text>
              ) : (
                <>
                  <rect className="chart-bar" x={barX} y={mid - barH / 2} width={w} height={barH} fill={BRAND} />
                  <text
                    className="chart-value"
                    x={round(barX + w + 5)}
                    y={mid}
                    dy="0.35em"
                    fill={INK}
                    stroke="#ffffff"
                    strokeWidth={3}
                    paintOrder="stroke"
                  >
                    {formatRate(r.rate, lang)}
                  </text>
                </>
              )}
            </g>
          );
        })}
        {rows.length === 0 ? (
          <text x={barX + 6} y={top + rowH / 2} dy="0.35em" fill={INK}>
            {tr("noData")}
          </text>
        ) : null}
      </ChartSvg>
  );
}
