import type { App } from '../../bot/app';

/**
 * The app has done all it was asked to: its dispatcher is idle, and the database says every
 * inbound message is processed and every outbox row settled (web rows held for the page to fetch
 * aside). Waiting for this, instead of for "no new message for a while", proves that nothing more
 * is coming. Several apps may share one database; the first one's is asked.
 */
export async function waitUntilSettled(apps: App | App[], timeoutMs = 15_000): Promise<void> {
  const all = Array.isArray(apps) ? apps : [apps];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await Promise.all(all.map((app) => app.dispatcher.idle()));
    const left = await unsettled(all[0]!);
    if (left.inbound === 0 && left.outbound === 0) return;
    if (Date.now() > deadline)
      throw new Error(
        `not settled after ${timeoutMs} ms: ${left.inbound} inbound unprocessed, ${left.outbound} outbound pending`,
      );
    // Another process (or the sweep) holds the rest: look again shortly.
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** `waitUntilSettled` bound to apps, for the learner drivers' `settled` option. */
export const settledOf =
  (...apps: App[]) =>
  () =>
    waitUntilSettled(apps);

async function unsettled(app: App): Promise<{ inbound: number; outbound: number }> {
  const prisma = app.db.prisma;
  const [inbound, outbound] = await Promise.all([
    prisma.inboundMessage.count({ where: { processedAt: null } }),
    // A web row held for the page has its lease ended; one still leased is being answered.
    prisma.outboundMessage.count({
      where: {
        status: 'pending',
        OR: [{ platform: { not: 'web' } }, { leaseUntil: { gt: new Date() } }],
      },
    }),
  ]);
  return { inbound, outbound };
}
