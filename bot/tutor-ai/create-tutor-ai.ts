import type { Config } from '../config';
import type { Catalog } from '../content/catalog';
import type { Database } from '../db/open-database';
import type { Logger } from '../logger';
import { type AiAnswerer, createAiAnswerer } from './ai-answerer';
import { createAiStore } from './ai-store';
import { createChatModel } from './chat-model';
import { createLessonIndex } from './lesson-index';

export interface TutorAiDeps {
  config: Pick<Config, 'openai' | 'ai' | 'timezone'>;
  catalog: Catalog;
  db: Pick<Database, 'prisma'>;
  log: Logger;
}

/** The AI answerer as the app runs it: lesson index, PostgreSQL/PGlite store, and the model when a key is set. */
export function createTutorAi({ config, catalog, db, log }: TutorAiDeps): AiAnswerer {
  const started = performance.now();
  const index = createLessonIndex(catalog);
  const child = log.child({ part: 'tutor-ai' });
  child.info(
    {
      passages: index.passageCount,
      ms: Math.round(performance.now() - started),
      model: config.openai?.model ?? null,
    },
    'lesson index built',
  );
  const model = config.openai
    ? createChatModel({
        apiKey: config.openai.apiKey,
        baseUrl: config.openai.baseUrl,
        model: config.openai.model,
        maxTokens: config.ai.maxTokens,
        timeoutMs: config.ai.timeoutMs,
        maxRetries: config.ai.maxRetries,
      })
    : undefined;
  return createAiAnswerer({
    index,
    store: createAiStore(db),
    model,
    limits: config.ai,
    timezone: config.timezone,
    log: child,
  });
}
