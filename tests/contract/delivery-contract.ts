import { expect, it } from 'vitest';
import {
  answersOf,
  applies,
  type ContractContext,
  lastChoices,
  text,
  toFirstQuestion,
} from './contract-channel';
import { whileLearnerHeld } from './hold-learner';

const CHOICES = ['Lựa chọn 1', 'Lựa chọn 2', 'Lựa chọn 3'];

/** Redelivered messages, choices from passed questions, and a quick learner's messages in a row. */
export function deliveryContract(ctx: ContractContext) {
  const { channel } = ctx;
  const inbound = (platformUserId: string) =>
    ctx.app().app.db.prisma.inboundMessage.count({ where: { platform: channel.platform, platformUserId } });

  it(`a redelivered message runs no second turn and counts once (it gets ${channel.redelivery})`, async () => {
    const { learner, platformUserId } = channel.learner();
    await toFirstQuestion(learner);
    const received = await inbound(platformUserId);
    const answer = learner.compose('1');
    const first = await learner.deliver(answer);
    expect(text(first)).toContain('Chính xác');
    expect(text(first)).toContain('Câu 2/3');
    const again = await learner.deliver(answer);
    expect(again).toEqual(channel.redelivery === 'nothing' ? [] : first);
    // Three more copies at once, as a platform retrying a slow acknowledgement might send them.
    const copies = await learner.deliverAll([answer, answer, answer]);
    if (channel.redelivery === 'nothing') expect(copies).toEqual([]);
    else expect(text(copies)).toBe(text([...first, ...first, ...first]));
    expect(await inbound(platformUserId)).toBe(received + 1);
    expect(await answersOf(ctx, platformUserId)).toEqual([['demo/one/q1', '1', true]]);
    // Still at question 2: a second turn would have answered it with the same "1".
    expect(text(await learner.say('2'))).toContain('Câu 3/3');
    expect(await answersOf(ctx, platformUserId)).toEqual([
      ['demo/one/q1', '1', true],
      ['demo/one/q2', '2', false],
    ]);
  });

  it(`a message delivered again while its turn is still running runs once (it gets ${channel.redelivery})`, async () => {
    const { learner, platformUserId } = channel.learner();
    await toFirstQuestion(learner);
    const answer = learner.compose('1');
    const replies = await whileLearnerHeld(ctx, platformUserId, (release) =>
      learner.deliverAll([answer, answer, answer], release),
    );
    // One turn: its answer once; the web chat hands that same answer to every request that asked.
    const answered = text(replies).split('Câu 2/3').length - 1;
    expect(answered).toBe(channel.redelivery === 'nothing' ? 1 : 3);
    expect(text(replies)).toContain('Chính xác');
    expect(await answersOf(ctx, platformUserId)).toEqual([['demo/one/q1', '1', true]]);
  });

  if (applies(channel.stalePrompts))
    it('a choice from a question that has passed is answered politely and graded nowhere', async () => {
      const { learner, platformUserId } = channel.learner();
      await toFirstQuestion(learner);
      const question1 = learner.latestPrompt();
      expect(text(await learner.choose(1))).toContain('Câu 2/3');
      const stale = await learner.choose(2, question1);
      expect(text(stale)).toContain('Nút này thuộc câu hỏi cũ');
      // The current question again, so the learner can go on.
      expect(text(stale)).toContain('Câu 2/3');
      expect(lastChoices(stale)).toEqual(CHOICES);
      expect(await answersOf(ctx, platformUserId)).toEqual([['demo/one/q1', '1', true]]);
      expect(text(await learner.choose(1))).toContain('Câu 3/3');
      expect(await answersOf(ctx, platformUserId)).toEqual([
        ['demo/one/q1', '1', true],
        ['demo/one/q2', '1', true],
      ]);
    });

  it('answers several messages sent at once in the order the learner wrote them', async () => {
    const { learner, platformUserId } = channel.learner();
    await toFirstQuestion(learner);
    // The learner's row is held, as a slow write under load would: the messages wait together.
    const replies = await whileLearnerHeld(ctx, platformUserId, (release) =>
      learner.deliverAll(
        ['2', '1', '3'].map((n) => learner.compose(n)),
        release,
      ),
    );
    expect(await answersOf(ctx, platformUserId)).toEqual([
      ['demo/one/q1', '2', false],
      ['demo/one/q2', '1', true],
      ['demo/one/q3', '3', false],
    ]);
    // The answers arrive in the same order: each feedback, then the question it leads to.
    expect(
      inOrder(text(replies), ['Chưa đúng', 'Câu 2/3', 'Chính xác', 'Câu 3/3', 'Chưa đúng', 'ôn lại']),
    ).toBe(true);
  });
}

/** Whether every part occurs in `seen`, each after the one before. */
function inOrder(seen: string, parts: string[]): boolean {
  let from = 0;
  for (const part of parts) {
    const at = seen.indexOf(part, from);
    if (at < 0) return false;
    from = at + part.length;
  }
  return true;
}
