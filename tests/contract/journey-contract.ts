import { expect, it } from 'vitest';
import { type ContractContext, lastChoices, text } from './contract-channel';

/** The same learner journey, the same expectations, on every channel: only the transport differs. */
export function journeyContract(ctx: ContractContext) {
  const { channel } = ctx;
  it('onboards, teaches a lesson, grades typed and picked answers, and records them once', async () => {
    const { learner, platformUserId } = channel.learner();
    const greeting = await learner.say('/start');
    expect(text(greeting)).toContain('Xin chào');
    expect(lastChoices(greeting)).toEqual(['Đồng ý', 'Không đồng ý']);
    expect(lastChoices(await learner.choose(1))).toEqual(['Tiếng Việt', 'English']);
    const province = await learner.say('tiếng việt');
    expect(lastChoices(province)).toHaveLength(35);
    const merged = await learner.say('Nam Định');
    expect(text(merged)).toContain('Nam Định nay thuộc Ninh Bình');
    expect(lastChoices(merged)).toHaveLength(6);
    expect(lastChoices(await learner.choose(2))).toEqual(['Khóa thử']);
    expect(text(await learner.choose(1))).toContain('Bài 1/5');
    await learner.say('tiếp');
    const question = await learner.choose(1);
    expect(text(question)).toContain('Câu 1/3');
    expect(lastChoices(question)).toEqual(['Lựa chọn 1', 'Lựa chọn 2', 'Lựa chọn 3']);
    expect(text(await learner.say('  LUA CHON 1 '))).toContain('Chính xác');
    expect(text(await learner.say('b'))).toContain('Chưa đúng');
    expect(text(await learner.choose(1))).toContain('ôn lại 1 câu');
    expect(text(await learner.say('1.'))).toContain('Đúng ngay lần đầu: 2/3');
    expect(text(await learner.say('tiến độ'))).toContain('Khóa thử: 1/5 bài');

    const prisma = ctx.app().app.db.prisma;
    const row = await prisma.learner.findFirstOrThrow({
      where: { platform: channel.platform, platformUserId },
    });
    expect(row).toMatchObject({ province: 'ninh-binh', audience: 'elder' });
    const answers = await prisma.answerEvent.findMany({
      where: { learnerId: row.id },
      orderBy: { id: 'asc' },
    });
    expect(answers.map((a) => [a.questionId, a.correct, a.isRetry, a.platform])).toEqual([
      ['demo/one/q1', true, false, channel.platform],
      ['demo/one/q2', false, false, channel.platform],
      ['demo/one/q3', true, false, channel.platform],
      ['demo/one/q2', true, true, channel.platform],
    ]);
  });

  it('keeps the learner in place on unexpected input and erases everything on request', async () => {
    const { learner, platformUserId } = channel.learner();
    await learner.say('/start');
    for (const weird of ['😀', '<script>alert(1)</script>', 'x'.repeat(900)]) {
      const replies = await learner.say(weird);
      expect(text(replies)).toContain('gõ 1 nếu đồng ý');
    }
    await learner.say('có');
    await learner.say('xóa dữ liệu');
    expect(text(await learner.choose(1))).toContain('Đã xóa');
    const prisma = ctx.app().app.db.prisma;
    expect(await prisma.learner.count({ where: { platform: channel.platform, platformUserId } })).toBe(0);
  });
}
