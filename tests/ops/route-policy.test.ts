import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DEFAULT_BODY_LIMIT, enforceRoutePolicy } from '../../bot/server/route-policy';

function server() {
  const app = Fastify();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  enforceRoutePolicy(app);
  return app;
}

describe('route policy', () => {
  it('stops a route that takes a body or URL parameters without a schema', () => {
    expect(() => server().post('/things', async () => ({}))).toThrow(
      /POST \/things takes a body without a schema/,
    );
    expect(() => server().get('/things/:id', async () => ({}))).toThrow(/URL parameters without a schema/);
    expect(() =>
      server().post('/things', { schema: { body: z.object({ name: z.string() }) } }, async () => ({})),
    ).not.toThrow();
  });

  it('refuses bodies over 64 KB unless the route declares more', async () => {
    const app = server();
    const body = z.object({ text: z.string() });
    app.post('/small', { schema: { body } }, async () => ({ ok: true }));
    app.post('/large', { schema: { body }, bodyLimit: 1024 * 1024 }, async () => ({ ok: true }));
    const post = (url: string, size: number) =>
      app.inject({ method: 'POST', url, payload: { text: 'a'.repeat(size) } }).then((r) => r.statusCode);
    expect(await post('/small', 1000)).toBe(200);
    expect(await post('/small', DEFAULT_BODY_LIMIT)).toBe(413);
    expect(await post('/large', DEFAULT_BODY_LIMIT)).toBe(200);
    expect(
      await app.inject({ method: 'POST', url: '/small', payload: { text: 3 } }).then((r) => r.statusCode),
    ).toBe(400);
  });
});
