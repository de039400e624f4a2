import type { AiLimits } from '../config';
import type { Language } from '../content/catalog';
import type { Logger } from '../logger';
import type { AiRating, AiStore, FallbackReason, UsedPassage } from './ai-store';
import { aiAnswerText, lessonsAnswerText, noMatchText } from './answer-text';
import { type ChatModel, type ModelReply, ModelUnavailableError } from './chat-model';
import { isClearMatch, type LessonHit, type LessonIndex, type LessonRef } from './lesson-index';
import { localDate, startOfLocalDay } from './local-day';
import type { Passage } from './passages';
import { maskPersonalData, type PersonalDataKind, personalDataWarning } from './personal-data';
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
  /** Monotonic clock for timings and deadlines (tests move it). */
  clock?: () => number;
}

const DEFAULT_MODEL_DEADLINE_MS = 15_000;
const PASSAGES_FROM_TOP_LESSON = 2;
const LESSONS_IN_PROMPT = 3;
const RELATED_LESSONS = 3;
const CARD_OVER_QUESTION = 0.5;
const BUDGET_READ_EVERY_MS = 5000;

export function createAiAnswerer(deps: AiAnswererDeps): AiAnswerer {
  const clock = deps.clock ?? (() => performance.now());
  const wall = () => Date.now();
  let warnedOn: string | undefined;
  // Summing a day of answers on every question would cost more as the day goes on: the sum is read
  // at most every few seconds, and this process adds its own answers as it goes.
  let spentToday: { dayStart: number; tokens: number; readAt: number } | undefined;

  async function tokensToday(dayStart: Date): Promise<number> {
    const at = clock();
    if (
      spentToday &&
      spentToday.dayStart === dayStart.getTime() &&
      at - spentToday.readAt < BUDGET_READ_EVERY_MS
    ) {
      return spentToday.tokens;
    }
    const tokens = await deps.store.tokensSince(dayStart);
    spentToday = { dayStart: dayStart.getTime(), tokens, readAt: at };
    return tokens;
  }

  /** Why the model must not be asked, if it must not. */
  async function gate(learnerId: number, now: Date): Promise<FallbackReason | undefined> {
    if (!deps.model) return 'no-key';
    const dayStart = startOfLocalDay(now, deps.timezone);
    try {
      const [asked, spent] = await Promise.all([
        deps.store.questionsSince(learnerId, dayStart),
        tokensToday(dayStart),
      ]);
      if (asked >= deps.limits.dailyQuestionsPerLearner) return 'quota';
      if (spent >= deps.limits.dailyTokenBudget) return 'budget';
      const today = localDate(now, deps.timezone);
      if (spent >= 0.8 * deps.limits.dailyTokenBudget && warnedOn !== today) {
        warnedOn = today;
        deps.log.warn(
          { spent, budget: deps.limits.dailyTokenBudget },
          'AI answers used 80% of the daily token budget',
        );
      }
      return undefined;
    } catch (error) {
      deps.log.warn({ err: error }, 'AI answer limits could not be read; answering from the lessons');
      return 'error';
    }
  }

  async function answer(input: AskInput): Promise<TutorAnswer> {
    const started = clock();
    const { language, learnerId, now } = input;
    const masked = maskPersonalData(input.question);
    const lessons = deps.index.searchLessons(masked.text, { language, limit: 1 + RELATED_LESSONS });
    const retrievalMs = clock() - started;
    const warning = personalDataWarning(masked.found, language);
    const withWarning = (text: string) => (warning ? `${warning}\n\n${text}` : text);
    const top = lessons[0];
    const limitsStarted = clock();
    let reason = top ? await gate(learnerId, now) : 'no-match';
    const limitsMs = clock() - limitsStarted;
    let reply: ModelReply | undefined;
    let modelMs = 0;
    const prompt = promptPassages(lessons);
    if (top && !reason && deps.model) {
      const modelStarted = clock();
      try {
        reply = await deps.model.complete(
          { system: SYSTEM_PROMPT, user: userMessage(masked.text, language, prompt) },
          wall() + (deps.modelDeadlineMs ?? DEFAULT_MODEL_DEADLINE_MS),
        );
      } catch (error) {
        reason = error instanceof ModelUnavailableError ? error.reason : 'error';
        deps.log.warn(
          { reason, err: error instanceof Error ? error.message : String(error) },
          'AI answer fell back to the lessons',
        );
      }
      modelMs = clock() - modelStarted;
    }
    // Without the model, a passage is shown only when the lesson surely is about the question.
    const shown = reply || (top && isClearMatch(top)) ? top : undefined;
    const related = shown ? lessons.slice(1).map((hit) => hit.ref) : [];
    let text: string;
    if (!shown) text = noMatchText(language);
    else if (reply) text = aiAnswerText(reply.text, shown.ref, language);
    else {
      text = lessonsAnswerText({
        language,
        passage: displayPassage(shown),
        lesson: shown.ref,
        related,
        quotaReached: reason === 'quota',
      });
    }
    text = withWarning(text);
    const tokens = reply ? reply.promptTokens + reply.completionTokens : undefined;
    if (tokens && spentToday) spentToday.tokens += tokens;
    const costUsd = reply
      ? (reply.promptTokens * deps.limits.priceInputPerMTok +
          reply.completionTokens * deps.limits.priceOutputPerMTok) /
        1_000_000
      : undefined;
    const used = reply ? prompt : shown ? [displayPassage(shown)] : [];
    const storeStarted = clock();
    const id = await record(input, {
      text,
      masked: masked.text,
      personalData: masked.found,
      lessons: shown ? lessons : [],
      used,
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
