import { readFile } from 'node:fs/promises';
import { isNode, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';

export interface ContentError {
  file: string;
  /** Location inside the file, e.g. `questions[1].options[0].explanation.en`; empty for the whole file. */
  path: string;
  line?: number;
  message: string;
  /** The content rule (content-rules.ts) that found it; none for format errors. */
  rule?: string;
}

/** The line a path inside a parsed file starts on (the nearest existing parent's, if it is missing). */
export type LineOf = (path: readonly PropertyKey[]) => number | undefined;

export function formatContentError(error: ContentError): string {
  const where = error.line ? `${error.file}:${error.line}` : error.file;
  return error.path ? `${where}: ${error.path}: ${error.message}` : `${where}: ${error.message}`;
}

type Path = readonly PropertyKey[];

export function formatPath(path: Path): string {
  return path
    .map((part, index) =>
      typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`,
    )
    .join('');
}

/** Reads a YAML file and validates it, reporting each problem with its file, path and line. */
export async function readYaml<T extends z.ZodType>(
  file: string,
  displayName: string,
  schema: T,
): Promise<{ value?: z.output<T>; errors: ContentError[]; lineOf?: LineOf }> {
  let source: string;
  try {
    source = await readFile(file, 'utf8');
  } catch (error) {
    return {
      errors: [{ file: displayName, path: '', message: `cannot be read (${(error as Error).message})` }],
    };
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      errors: doc.errors.map((error) => ({
        file: displayName,
        path: '',
        line: lineCounter.linePos(error.pos[0]).line,
        message: `is not valid YAML: ${error.message.split('\n')[0]}`,
      })),
    };
  }
  const parsed = schema.safeParse(doc.toJS());
  if (parsed.success) {
    return { value: parsed.data, errors: [], lineOf: (path) => lineOf(doc, lineCounter, path) };
  }
  return {
    errors: parsed.error.issues.map((issue) => ({
      file: displayName,
      path: formatPath(issue.path),
      line: lineOf(doc, lineCounter, issue.path),
      message: issue.message,
    })),
  };
}

function lineOf(doc: ReturnType<typeof parseDocument>, counter: LineCounter, path: Path): number | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth) as unknown[], true);
    if (isNode(node) && node.range) return counter.linePos(node.range[0]).line;
  }
  return undefined;
}
