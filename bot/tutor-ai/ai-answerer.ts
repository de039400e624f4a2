import type { AiLimits } from '../config';
import type { Language } from '../content/catalog';
import type { Logger } from '../logger';
import { metrics } from '../metrics/metrics';
import type { AiRating, AiStore, FallbackReason, UsedPassage } from './ai-store';
import { createAnswerLimits } from './answer-limits';
import { aiAnswerText, lessonsAnswerText, noMatchText } from './answer-text';
import { type ChatModel, type ModelReply, ModelUnavailableError } from './chat-model';
import { isClearMatch, type LessonHit, type LessonIndex, type LessonRef } from './lesson-index';
import type { Passage } from './passages';
import { maskPersonalData, type PersonalDataKind } from './personal-data';
import { personalDataWarning } from './personal-data-warning';
import { SYSTEM_PROMPT, userMessage } from './system-prompt';

export interface AskInput {
  question: string;
  language: Language;
  learnerId: number;
  now: Date;
}

export interface TutorAnswer {
  /** The stored answer's id, for the 👍/👎 buttons; undefined when it could not be stored. */
  id?: string;
  /** Ready to send: warning (if any), answer, "Xem thêm: <khóa> — <bài>". */
  text: string;
  /** The lesson to offer as a choice; undefined when no lesson matched. */
  lessonRef?: LessonRef;
  /** Up to three more lessons. */
  related: LessonRef[];
  source: 'ai' | 'lessons';
  fallbackReason?: FallbackReason;
  personalData: PersonalDataKind[];
  tokens?: number;
  costUsd?: number;
  /** Milliseconds: search (with masking), quota and budget reads, the model, storing, and all. */
  timings: { retrievalMs: number; limitsMs: number; modelMs: number; storeMs: number; totalMs: number };
}

export interface AiAnswerer {
  answer(input: AskInput): Promise<TutorAnswer>;
  rate(input: { answerId: string; learnerId: number; rating: AiRating; now: Date }): Promise<boolean>;
}

export interface AiAnswererDeps {
  index: LessonIndex;
  store: AiStore;
  /** Undefined without OPENAI_API_KEY: every answer comes from the lessons. */
  model?: ChatModel;
  limits: AiLimits;
  timezone: string;
  log: Logger;
  /** The longest the model may take, retries included (default 15 s: a reply within 20 s). */
  modelDeadlineMs?: number;
  /** Monotonic clock for timings and for when the day's token sum is read again (tests move it). */
  clock?: () => number;
}

const DEFAULT_MODEL_DEADLINE_MS = 15_000;
const PASSAGES_FROM_TOP_LESSON = 2;
const LESSONS_IN_PROMPT = 3;
const RELATED_LESSONS = 3;
const CARD_OVER_QUESTION = 0.5;
/** Enough of a question to find its lessons. */
const QUERY_CHARS = 400;
/** The most of a question the model reads: a pasted essay costs no more than a long question. */
const MODEL_QUESTION_CHARS = 1000;

export function createAiAnswerer(deps: AiAnswererDeps): AiAnswerer {
  const clock = deps.clock ?? (() => performance.now());
  const limits = createAnswerLimits({ ...deps, clock });

  async function answer(input: AskInput): Promise<TutorAnswer> {
    const started = clock();
    const { language, learnerId, now } = input;
    // The quota and budget reads go out first and run in the database while the search runs here.
    const limitsRead = deps.model ? limits.check(learnerId, now) : undefined;
    const masked = maskPersonalData(input.question);
    const lessons = deps.index.searchLessons(masked.text.slice(0, QUERY_CHARS), {
      language,
      limit: 1 + RELATED_LESSONS,
    });
    const retrievalMs = clock() - started;
    const top = lessons[0];
    const limitsStarted = clock();
    let reason = top ? (limitsRead ? await limitsRead : 'no-key') : 'no-match';
    const limitsMs = clock() - limitsStarted;
    const prompt = promptPassages(lessons);
    const modelStarted = clock();
    const asked = reason
      ? undefined
      : await askModel(masked.text.slice(0, MODEL_QUESTION_CHARS), language, prompt);
    const modelMs = clock() - modelStarted;
    const reply = asked && 'text' in asked ? asked : undefined;
    if (asked && 'failed' in asked) reason = asked.failed;
    // Without the model, a passage is shown only when the lesson surely is about the question.
    const shown = reply || (top && isClearMatch(top)) ? top : undefined;
    const related = shown ? lessons.slice(1).map((hit) => hit.ref) : [];
    const warning = personalDataWarning(masked.found, language);
    const body = compose({ reply, shown, related, language, quotaReached: reason === 'quota' });
    const text = warning ? `${warning}\n\n${body}` : body;
    const tokens = reply ? reply.promptTokens + reply.completionTokens : undefined;
    if (tokens) limits.spent(tokens);
    const costUsd = reply ? cost(reply, deps.limits) : undefined;
    metrics.aiAnswers.inc({ source: reply ? 'ai' : 'lessons', reason: reason ?? 'none' });
    if (reply) {
      metrics.aiTokens.inc({ kind: 'prompt' }, reply.promptTokens);
      metrics.aiTokens.inc({ kind: 'completion' }, reply.completionTokens);
      metrics.aiCostUsd.inc(costUsd ?? 0);
    }
    const storeStarted = clock();
    const id = await record(input, {
      text,
      masked: masked.text,
      personalData: masked.found,
      lessons: shown ? lessons : [],
      used: reply ? prompt : shown ? [displayPassage(shown)] : [],
      reply,
      reason,
      costUsd: costUsd ?? 0,
      latencyMs: Math.round(clock() - started),
    });
    const storeMs = clock() - storeStarted;
    return {
      id,
      text,
      lessonRef: shown?.ref,
      related,
      source: reply ? 'ai' : 'lessons',
      fallbackReason: reply ? undefined : reason,
      personalData: masked.found,
      tokens,
      costUsd,
      timings: { retrievalMs, limitsMs, modelMs, storeMs, totalMs: clock() - started },
    };
  }

  async function askModel(
    question: string,
    language: Language,
    passages: Passage[],
  ): Promise<ModelReply | { failed: FallbackReason }> {
    try {
      return await deps.model!.complete(
        { system: SYSTEM_PROMPT, user: userMessage(question, language, passages) },
        Date.now() + (deps.modelDeadlineMs ?? DEFAULT_MODEL_DEADLINE_MS),
      );
    } catch (error) {
      const failed = error instanceof ModelUnavailableError ? error.reason : 'error';
      deps.log.warn(
        { reason: failed, err: error instanceof Error ? error.message : String(error) },
        'AI answer fell back to the lessons',
      );
      return { failed };
    }
  }

  async function record(
    input: AskInput,
    a: {
      text: string;
      masked: string;
      personalData: PersonalDataKind[];
      lessons: LessonHit[];
      used: Passage[];
      reply: ModelReply | undefined;
      reason: FallbackReason | undefined;
      costUsd: number;
      latencyMs: number;
    },
  ): Promise<string | undefined> {
    const scores = new Map(a.lessons.flatMap((l) => l.passages.map((p) => [p.passage.id, p.score] as const)));
    const passages: UsedPassage[] = a.used.map((p) => ({
      id: p.id,
      courseId: p.courseId,
      lessonId: p.lessonId,
      score: Math.round((scores.get(p.id) ?? 0) * 100) / 100,
    }));
    try {
      return await deps.store.record({
        learnerId: input.learnerId,
        language: input.language,
        question: a.masked,
        answer: a.text,
        passages,
        courseId: a.lessons[0]?.ref.courseId,
        lessonId: a.lessons[0]?.ref.lessonId,
        source: a.reply ? 'ai' : 'lessons',
        fallbackReason: a.reply ? undefined : a.reason,
        personalData: a.personalData,
        model: a.reply?.model,
        promptTokens: a.reply?.promptTokens ?? 0,
        completionTokens: a.reply?.completionTokens ?? 0,
        costUsd: a.costUsd,
        latencyMs: a.latencyMs,
        createdAt: input.now,
      });
    } catch (error) {
      deps.log.error(
        { err: error instanceof Error ? error.message : String(error) },
        'AI answer could not be stored',
      );
      return undefined;
    }
  }

  return {
    answer,
    rate: ({ answerId, learnerId, rating, now }) => deps.store.rate(answerId, learnerId, rating, now),
  };
}

function compose(a: {
  reply: ModelReply | undefined;
  shown: LessonHit | undefined;
  related: LessonRef[];
  language: Language;
  quotaReached: boolean;
}): string {
  if (!a.shown) return noMatchText(a.language);
  if (a.reply) return aiAnswerText(a.reply.text, a.shown.ref, a.language);
  return lessonsAnswerText({
    language: a.language,
    passage: displayPassage(a.shown),
    lesson: a.shown.ref,
    related: a.related,
    quotaReached: a.quotaReached,
  });
}

function cost(reply: ModelReply, limits: AiLimits): number {
  return (
    (reply.promptTokens * limits.priceInputPerMTok + reply.completionTokens * limits.priceOutputPerMTok) / 1e6
  );
}

/** What to show without the model: a card that explains, unless a question matched far better. */
function displayPassage(lesson: LessonHit): Passage {
  const best = lesson.passages[0]!;
  const card = lesson.passages.find((hit) => hit.passage.kind === 'card');
  return card && card.score >= CARD_OVER_QUESTION * best.score ? card.passage : best.passage;
}

/** The best passages of the best lesson, then the best one of each next lesson. */
function promptPassages(lessons: LessonHit[]): Passage[] {
  const [top, ...rest] = lessons;
  if (!top) return [];
  return [
    ...top.passages.slice(0, PASSAGES_FROM_TOP_LESSON).map((hit) => hit.passage),
    ...rest
      .slice(0, LESSONS_IN_PROMPT - 1)
      .flatMap((lesson) => lesson.passages.slice(0, 1).map((hit) => hit.passage)),
  ];
}
