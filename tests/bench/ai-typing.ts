import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeTelegram } from '../fakes/fake-telegram-server';
import { freePort } from '../helpers/free-port';
import { createTelegramLearner, postUpdate, updates } from '../support/drivers/telegram-learner';
import { ms, startServerProcess, summarize } from './bench-kit';
import { atMost, reportFigure } from './bench-report';

const TOKEN = '123456:bench-ai-typing-token';
const SECRET = 'bench-ai-typing-secret';
const ONBOARD = ['/start', '1', '1', '0', '1'];

/**
 * "Typing" within 300 ms of a question: the app started as `npm start` starts it (embedded
 * database, in-process queue), Telegram in webhook mode against the loopback fake. Each sample is
 * the time from posting a learner's question to the fake receiving sendChatAction for that chat;
 * questions go one at a time, each after the previous answer arrived.
 */
export async function benchTyping(options: {
  learners: number;
  rounds: number;
  questions: string[];
  modelUrl: string;
}) {
  const fake = await startFakeTelegram({ token: TOKEN, record: false });
  const dataDir = await mkdtemp(join(tmpdir(), 'hocvuso-bench-typing-'));
  const app = await startServerProcess(
    {
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: fake.apiRoot,
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      PUBLIC_URL: 'https://bench.example.vn',
      DATA_DIR: dataDir,
      OPENAI_API_KEY: 'sk-bench',
      OPENAI_BASE_URL: options.modelUrl,
      AI_DAILY_QUESTIONS_PER_LEARNER: '1000',
      LOG_LEVEL: 'error',
    },
    await freePort(),
  );
  try {
    await fake.waitFor(() => fake.callsOf('setMyCommands').length >= 2, 30_000, 'the Telegram channel');
    const learners = Array.from({ length: options.learners }, (_, i) =>
      createTelegramLearner({
        url: app.url,
        secret: SECRET,
        fake,
        userId: 770_000 + i,
        timeoutMs: 30_000,
        // The app runs in its own process: no settled signal, so a short quiet period after the first reply.
        settled: () => new Promise((resolve) => setTimeout(resolve, 150)),
      }),
    );
    for (const learner of learners) for (const text of ONBOARD) await learner.say(text);
    const typing = new Map<number, () => void>();
    fake.onCall = (call) => {
      if (call.method === 'sendChatAction')
        typing.get(Number((call.body as { chat_id: unknown }).chat_id))?.();
    };
    const latencies: number[] = [];
    let n = 0;
    for (let round = 0; round < options.rounds; round++)
      for (const learner of learners) {
        // With a question mark: at any step, a question for the tutor and not an answer attempt.
        const question = `${options.questions[n++ % options.questions.length]!.replace(/\?$/, '')}?`;
        const before = fake.sentTo(learner.user.id).length;
        const seen = new Promise<number>((resolve, reject) => {
          const timer = setTimeout(
            () => reject(new Error(`no typing for "${question}" within 20 s`)),
            20_000,
          );
          typing.set(learner.user.id, () => {
            clearTimeout(timer);
            resolve(performance.now());
          });
        });
        const started = performance.now();
        const status = await postUpdate(app.url, SECRET, updates.text(learner.user, question));
        if (status !== 200) throw new Error(`webhook answered ${status}`);
        latencies.push((await seen) - started);
        typing.delete(learner.user.id);
        // "Looking…" and the answer: the next question waits for both.
        await fake.waitFor(() => fake.sentTo(learner.user.id).length >= before + 2, 30_000, 'the answer');
      }
    const t = summarize(latencies.slice(options.learners));
    console.log(
      `typing shown (question posted → sendChatAction at the fake Telegram), app as npm start, embedded database, ${t.count} questions: ` +
        `median ${ms(t.median)}, p99 ${ms(t.p99)}, max ${ms(t.max)} (target ≤ 300 ms)`,
    );
    reportFigure(atMost(`typing shown after a question, p99 of ${t.count}`, t.p99, 300, 'ms'));
  } finally {
    fake.onCall = undefined;
    await app.stop();
    await fake.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}
