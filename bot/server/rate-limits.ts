import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, RouteOptions } from 'fastify';
import type { Redis } from 'ioredis';

export interface RateLimitOptions {
  /** Shared by every bot process when given; this process counts alone otherwise (and while Redis is away). */
  redis?: Redis;
  prefix: string;
  /** Admin API requests per minute per client address. */
  apiPerMinute: number;
  /** Dashboard sign-ins and volunteer-page opens per minute per client address. */
  signInPerMinute: number;
}

/** Routes where a key or token is tried: guessing is slowed down per address. */
const SIGN_IN = new Set(['POST /admin/login', 'GET /admin/volunteer/:token']);

/**
 * Per-address limits on the admin API and sign-in (`@fastify/rate-limit`; the web chat has its own,
 * per session and address, in bot/channels/web). Call before the routes are added: the limit is
 * attached to each matching route as it is declared.
 */
export async function registerRateLimits(server: FastifyInstance, options: RateLimitOptions): Promise<void> {
  server.addHook('onRoute', (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const max = SIGN_IN.has(`${methods[0]} ${route.url}`)
      ? options.signInPerMinute
      : route.url.startsWith('/api/v1')
        ? options.apiPerMinute
        : undefined;
    if (max !== undefined) route.config = { ...route.config, rateLimit: { max, timeWindow: 60_000 } };
  });
  await server.register(rateLimit, {
    global: false,
    redis: options.redis,
    nameSpace: `${options.prefix}:rate-limit:`,
    skipOnError: true,
    // An Error, so every error handler on the way (the admin API's passes others on) treats it as one.
    errorResponseBuilder: (_request, context) =>
      Object.assign(new Error(`Too many requests: retry in ${context.after}`), {
        statusCode: 429,
        code: 'rate_limited',
      }),
  });
}
