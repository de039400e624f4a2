import { createHash } from 'node:crypto';
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

type Directives = Record<string, string[]>;

/** Nothing but the app's own files: JSON answers, /docs and the dashboard (which has no inline code). */
const STRICT: Directives = {
  'default-src': ["'none'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  'base-uri': ["'none'"],
};

/** Helmet's headers on every response (nosniff, frame denial, referrer policy, HSTS…) with a strict CSP. */
export async function registerSecurityHeaders(server: FastifyInstance): Promise<void> {
  await server.register(helmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: STRICT },
    referrerPolicy: { policy: 'no-referrer' },
  });
}

/**
 * The CSP of a page with inline `<script>` and `<style>` blocks: the strict policy plus the hash of
 * each block, computed from the page itself, so an edited page keeps working and nothing else runs.
 */
export function inlinePageHelmet(html: string) {
  const hashes = (tag: string) =>
    [...html.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map(
      (match) => `'sha256-${createHash('sha256').update(match[1]!).digest('base64')}'`,
    );
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        ...STRICT,
        'script-src': ["'self'", ...hashes('script')],
        'style-src': ["'self'", ...hashes('style')],
      },
    },
  };
}
