import { jsonSchemaTransform } from 'fastify-type-provider-zod';

type Document = Parameters<typeof jsonSchemaTransform>[0];

const isZod = (value: unknown) => typeof value === 'object' && value !== null && '_zod' in value;

/** Zod route schemas (the admin API) become JSON Schema; routes declared in JSON Schema pass as they are. */
export function openApiTransform(document: Document) {
  const { body, querystring, params, headers, response } = (document.schema ?? {}) as Record<string, unknown>;
  const parts = [body, querystring, params, headers, ...Object.values((response as object) ?? {})];
  return parts.some(isZod) ? jsonSchemaTransform(document) : { schema: document.schema, url: document.url };
}
