import { pino } from 'pino';
import type { AiLimits } from '../../bot/config';
import type { Catalog } from '../../bot/content/catalog';
import { loadContent } from '../../bot/content/load-content';
import { type AiAnswererDeps, createAiAnswerer } from '../../bot/tutor-ai/ai-answerer';
import { createChatModel } from '../../bot/tutor-ai/chat-model';
import { createLessonIndex, type LessonIndex } from '../../bot/tutor-ai/lesson-index';
import { createMemoryAiStore } from '../../bot/tutor-ai/memory-ai-store';

export const LIMITS: AiLimits = {
  dailyQuestionsPerLearner: 20,
  dailyTokenBudget: 1_000_000,
  timeoutMs: 2000,
  maxTokens: 300,
  maxRetries: 2,
  priceInputPerMTok: 0.4,
  priceOutputPerMTok: 1.6,
};

let loaded: { catalog: Catalog; index: LessonIndex } | undefined;

/** The real curriculum and its index, built once per test file. */
export async function curriculum() {
  if (!loaded) {
    const content = await loadContent(new URL('../../content', import.meta.url).pathname);
    if (!content.ok) throw new Error('content/ is invalid');
    loaded = { catalog: content.catalog, index: createLessonIndex(content.catalog) };
  }
  return loaded;
}

/** A logger whose lines the test can read. */
export function capturedLog() {
  const lines: { level: number; msg: string }[] = [];
  const log = pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { log, lines };
}

/** An answerer over the real curriculum, a memory store, and (with `baseUrl`) the openai SDK. */
export async function answererFor(options: {
  baseUrl?: string;
  limits?: Partial<AiLimits>;
  deps?: Partial<AiAnswererDeps>;
}) {
  const { index } = await curriculum();
  const limits = { ...LIMITS, ...options.limits };
  const store = createMemoryAiStore();
  const { log, lines } = capturedLog();
  const model = options.baseUrl
    ? createChatModel({ apiKey: 'sk-test-key', baseUrl: options.baseUrl, model: 'gpt-test', ...limits })
    : undefined;
  const answerer = createAiAnswerer({
    index,
    store,
    model,
    limits,
    timezone: 'Asia/Ho_Chi_Minh',
    log,
    ...options.deps,
  });
  return { answerer, store, lines };
}
