import pg from 'pg';

const CHAR_OID = 18;
const TEXT_OID = 25;

type Result = { fields?: { dataTypeID: number }[] };

/**
 * A pg Client whose results report PostgreSQL's one-byte `"char"` type (OID 18, used all over
 * pg_catalog) as text: @prisma/adapter-pg 7.10.1 rejects that type as unsupported. pg already
 * parses its values as strings, so only the reported type changes.
 */
export class CharAsTextClient extends pg.Client {
  // biome-ignore lint/suspicious/noExplicitAny: pg's query() has a dozen overloads
  override query(...args: any[]): any {
    const last = args.length - 1;
    const callback = args[last];
    if (typeof callback === 'function') {
      args[last] = (error: unknown, result: unknown) => callback(error, error ? result : charAsText(result));
      return super.query(...(args as Parameters<pg.Client['query']>));
    }
    const out: unknown = super.query(...(args as Parameters<pg.Client['query']>));
    return out instanceof Promise ? out.then(charAsText) : out;
  }
}

function charAsText(result: unknown): unknown {
  for (const one of Array.isArray(result) ? (result as Result[]) : [result as Result]) {
    for (const field of one?.fields ?? []) {
      if (field.dataTypeID === CHAR_OID) field.dataTypeID = TEXT_OID;
    }
  }
  return result;
}
