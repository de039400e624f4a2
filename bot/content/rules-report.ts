import { CONTENT_RULES, type ContentRule } from './content-rules';
import type { ContentError } from './read-yaml';

/**
 * A per-course table of rule problems, for content writers working through them: `content:check`
 * fails on any of them, this report only counts.
 */
export function rulesReport(
  courses: readonly string[],
  problems: readonly ContentError[],
  rules: readonly ContentRule[] = CONTENT_RULES,
): string {
  const width = Math.max(...courses.map((id) => id.length), 'course'.length);
  const count = (course: string | undefined, rule: string) =>
    problems.filter((p) => p.rule === rule && (!course || courseOf(p) === course)).length;
  const row = (name: string, cells: (string | number)[]) =>
    `${name.padEnd(width)}  ${cells.map((cell) => String(cell).padStart(5)).join(' ')}`;
  const lines = [
    'Content rules (report only: content:check fails on any of these)',
    ...rules.map((rule, index) => `  r${index + 1} = ${rule.title} [${rule.id}]`),
    '',
    row('course', [...rules.map((_, index) => `r${index + 1}`), 'total']),
  ];
  for (const course of courses) {
    const cells = rules.map((rule) => count(course, rule.id));
    lines.push(row(course, [...cells, cells.reduce((a, b) => a + b, 0)]));
  }
  lines.push(row('all', [...rules.map((rule) => count(undefined, rule.id)), problems.length]));
  const courseLevel = problems.filter((p) => p.path === 'lessons');
  if (courseLevel.length > 0) lines.push('', ...courseLevel.map((p) => `${courseOf(p)}: ${p.message}`));
  return lines.join('\n');
}

/** Problems carry their file: `content/courses/<course>/<file>.yaml`. */
function courseOf(problem: ContentError): string {
  return problem.file.split(/[\\/]/).at(-2) ?? '';
}
