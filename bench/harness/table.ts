import type { Summary } from './stats.js';

/** One part of the benchmark, as it is printed: a table, and the targets it checks. */
export interface Section {
  title: string;
  /** What was run, in a sentence or two. */
  description: string;
  columns: string[];
  rows: string[][];
  targets: TargetCheck[];
  notes?: string[];
}

export interface TargetCheck {
  /** e.g. "createShare load time vs floor" */
  name: string;
  /** What was measured, as it compares with the limit (a ratio, a count). */
  measured: number;
  limit: number;
  /** `atMost`: measured ≤ limit passes; `atLeast`: measured ≥ limit; `exactly`: equal. */
  kind: 'atMost' | 'atLeast' | 'exactly';
  /** How the figure is shown, e.g. `×` for a ratio or `%`. */
  unit?: '×' | '%' | '';
}

export function isMet(target: TargetCheck): boolean {
  if (target.kind === 'atMost') return target.measured <= target.limit;
  if (target.kind === 'atLeast') return target.measured >= target.limit;
  return target.measured === target.limit;
}

/** A number with a fixed count of decimals. */
export function fixed(value: number, digits = 1): string {
  return value.toFixed(digits);
}

/** `median (q1–q3)`: the middle of the samples and the range that holds half of them. */
export function medianIqr(summary: Summary, digits = 1): string {
  return `${fixed(summary.median, digits)} (${fixed(summary.q1, digits)}–${fixed(summary.q3, digits)})`;
}

/** `median (min–max)`: for a few repeated runs, where quartiles say little. */
export function medianRange(summary: Summary, digits = 1): string {
  return `${fixed(summary.median, digits)} (${fixed(summary.min, digits)}–${fixed(summary.max, digits)})`;
}

function targetFigure(target: TargetCheck, value: number): string {
  if (target.unit === '%') return `${fixed(value * 100, 0)}%`;
  if (target.unit === '×') return `${fixed(value, 2)}×`;
  return String(value);
}

const RELATION = { atMost: '≤', atLeast: '≥', exactly: '=' } as const;

export function describeTarget(target: TargetCheck): string {
  const verdict = isMet(target) ? 'met' : 'NOT MET';
  return `${target.name}: ${targetFigure(target, target.measured)} (target ${RELATION[target.kind]} ${targetFigure(target, target.limit)}) — ${verdict}`;
}

/** A Markdown table, padded so that it also reads as plain text in a terminal. */
export function markdownTable(columns: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = columns.map((column, i) => Math.max(column.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) => `| ${widths.map((width, i) => (cells[i] ?? '').padEnd(width)).join(' | ')} |`;
  return [line(columns), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

export function renderSection(section: Section): string {
  const parts = [`### ${section.title}`, '', section.description];
  if (section.columns.length > 0) parts.push('', markdownTable(section.columns, section.rows));
  if (section.notes?.length) parts.push('', ...section.notes.map((note) => `- ${note}`));
  if (section.targets.length) parts.push('', ...section.targets.map((target) => `- ${describeTarget(target)}`));
  return parts.join('\n');
}
