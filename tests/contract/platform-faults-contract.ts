import { expect, it } from 'vitest';
import type { ContractContext, PlatformFaults } from './contract-channel';
import { lastChoices } from './contract-channel';

/** What the platform answers to a send: 429 with retry_after, and "the learner blocked the bot". */
export function platformFaultsContract(ctx: ContractContext, faults: PlatformFaults) {
  const { channel } = ctx;

  it('a reply refused with 429 arrives once, after retry_after', async () => {
    const { learner, chatId } = channel.learner();
    await learner.say('/start');
    const before = faults.sendAttempts(chatId).length;
    faults.rateLimitNext(1);
    const replies = await learner.choose(1);
    expect(lastChoices(replies)).toEqual(['Tiếng Việt', 'English']);
    const attempts = faults.sendAttempts(chatId).slice(before);
    expect(attempts.map((attempt) => attempt.status)).toEqual([429, ...replies.map(() => 200)]);
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(950);
  });

  it('a learner who blocked the bot is marked unreachable and sent nothing more', async () => {
    const { learner, chatId, platformUserId } = channel.learner();
    await learner.say('/start');
    const prisma = ctx.app().app.db.prisma;
    const row = () =>
      prisma.learner.findFirstOrThrow({ where: { platform: channel.platform, platformUserId } });
    expect((await row()).unreachableAt).toBeNull();
    faults.block(chatId);
    const before = faults.sendAttempts(chatId).length;
    // The learner tapped before blocking; the answer cannot reach them.
    expect(await learner.choose(1)).toEqual([]);
    expect(
      faults
        .sendAttempts(chatId)
        .slice(before)
        .map((attempt) => attempt.status),
    ).toEqual([403]);
    expect((await row()).unreachableAt).toBeInstanceOf(Date);
    // Settled as blocked, not pending or failed: the outbox sweep never tries it again.
    const outbox = await prisma.outboundMessage.findMany({
      where: { learnerId: (await row()).id },
      orderBy: { id: 'asc' },
      select: { status: true },
    });
    expect(outbox.map((message) => message.status)).toEqual(['sent', 'blocked']);
  });
}
