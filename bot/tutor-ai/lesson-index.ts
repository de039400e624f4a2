import MiniSearch from 'minisearch';
import type { Catalog, Language } from '../content/catalog';
import { catalogPassages, type Passage } from './passages';
import { indexTerms, isPair, queryTerms } from './search-terms';

export interface LessonRef {
  courseId: string;
  lessonId: string;
  /** The lesson's title in the asked language. */
  title: string;
  courseTitle: string;
}

export interface PassageHit {
  passage: Passage;
  score: number;
}

export interface LessonHit {
  ref: LessonRef;
  score: number;
  /** Share of the query's words (not stop words) found in this lesson, 0..1. */
  coverage: number;
  /** How many of the query's word pairs ("mat khau") this lesson has. */
  pairs: number;
  /** This lesson's matching passages, best first, in the asked language. */
  passages: PassageHit[];
}

export interface LessonIndex {
  /** Matching passages of both languages, best first. */
  searchPassages(query: string, limit?: number): PassageHit[];
  /** Lessons best first; titles and passages in `language` whatever language matched. */
  searchLessons(query: string, options: { language: Language; limit?: number }): LessonHit[];
  readonly passageCount: number;
}

interface Doc {
  id: string;
  kind: Passage['kind'];
  text: string;
  title: string;
  course: string;
}

/**
 * Whether a lesson surely is about the query: it shares a word pair with it, or every word. Toneless
 * syllables alone match nearly anything ("thoi tiet" has both syllables somewhere in the lessons).
 */
export function isClearMatch(hit: LessonHit): boolean {
  return hit.pairs > 0 || hit.coverage === 1;
}

/** A lesson's score: its best passage, plus a little for every other passage that matched too. */
const OTHER_PASSAGES_WEIGHT = 0.25;
const QUESTION_WEIGHT = 0.7;
const COMPOUND_PART_WEIGHT = 0.5;
/** Passages read to rank lessons: a lesson whose best passage is further down never makes the top. */
const RESULTS_READ = 60;

/** Full-text index (MiniSearch, BM25) over every passage of the catalog; built once, read-only. */
export function createLessonIndex(catalog: Catalog): LessonIndex {
  const passages = catalogPassages(catalog);
  const byId = new Map(passages.map((passage) => [passage.id, passage]));
  // Word pairs that occur in more than one passage: the compound words of the content
  // ("dien_thoai"). A pair found once is mostly two neighbouring words, not a compound, and
  // indexing every one of them took most of the index's memory.
  const termsOf = new Map<string, string[]>();
  const terms = (text: string) => {
    let found = termsOf.get(text);
    if (!found) {
      found = indexTerms(text);
      termsOf.set(text, found);
    }
    return found;
  };
  const knownPairs = recurringPairs(passages, terms);
  const search = new MiniSearch<Doc>({
    fields: ['text', 'title', 'course'],
    tokenize: (text) => terms(text).filter((term) => !isPair(term) || knownPairs.has(term)),
    processTerm: (term) => term,
    searchOptions: {
      // Queries arrive as query terms joined by spaces (see `run`).
      tokenize: (terms) => terms.split(' ').filter(Boolean),
      processTerm: (term) => term,
      boost: { title: 2, course: 0.5 },
      boostTerm: (term) => (isPair(term) ? 1.5 : 1),
      // Prefixes catch plurals and endings ("passwords", "hacked"); fuzzy matching cost more time
      // than it found lessons on the question set, so it is off.
      prefix: (term) => term.length >= 5 && !isPair(term),
      // A card explains; a question's text is longer (options, explanations) and often wins on words alone.
      boostDocument: (_id, _term, stored) => (stored?.kind === 'question' ? QUESTION_WEIGHT : 1),
    },
    storeFields: ['kind'],
  });
  search.addAll(
    passages.map((p) => ({
      id: p.id,
      kind: p.kind,
      text: p.text,
      title: p.lessonTitle,
      course: p.courseTitle,
    })),
  );
  termsOf.clear();

  /**
   * A syllable that is part of a compound word of the query weighs less on its own: in "điện
   * thoại" the pair says "phone", while "điện" alone would pull in every lesson about electricity.
   */
  const run = (terms: string[]) => {
    const inCompound = new Set(
      terms.filter((term) => knownPairs.has(term)).flatMap((pair) => pair.slice(1).split('_')),
    );
    return search.search(terms.join(' '), {
      boostTerm: (term) => (isPair(term) ? 1.5 : inCompound.has(term) ? COMPOUND_PART_WEIGHT : 1),
    });
  };

  function searchPassages(query: string, limit = 12): PassageHit[] {
    return run(queryTerms(query))
      .slice(0, limit)
      .map((result) => ({ passage: byId.get(result.id as string)!, score: result.score }));
  }

  function searchLessons(query: string, options: { language: Language; limit?: number }): LessonHit[] {
    const terms = queryTerms(query);
    const words = terms.filter((term) => !isPair(term));
    const lessons = new Map<
      string,
      { best: number; rest: number; hits: PassageHit[]; matched: Set<string> }
    >();
    for (const result of run(terms).slice(0, RESULTS_READ)) {
      const passage = byId.get(result.id as string)!;
      const key = `${passage.courseId}/${passage.lessonId}`;
      const lesson = lessons.get(key) ?? { best: 0, rest: 0, hits: [], matched: new Set<string>() };
      for (const term of result.queryTerms) lesson.matched.add(term);
      if (lesson.hits.length === 0) lesson.best = result.score;
      else lesson.rest += result.score;
      lesson.hits.push({ passage, score: result.score });
      lessons.set(key, lesson);
    }
    return [...lessons.values()]
      .map((lesson) => ({ ...lesson, score: lesson.best + OTHER_PASSAGES_WEIGHT * lesson.rest }))
      .sort((a, b) => b.score - a.score)
      .slice(0, options.limit ?? 4)
      .map((lesson) => {
        const first = lesson.hits[0]!.passage;
        const course = catalog.course(first.courseId)!;
        const found = catalog.lesson(first.courseId, first.lessonId)!;
        return {
          ref: {
            courseId: course.id,
            lessonId: found.id,
            title: found.title[options.language],
            courseTitle: course.title[options.language],
          },
          score: lesson.score,
          coverage:
            words.length === 0 ? 0 : [...lesson.matched].filter((t) => !isPair(t)).length / words.length,
          pairs: [...lesson.matched].filter(isPair).length,
          passages: inLanguage(lesson.hits, options.language),
        };
      });
  }

  /** The same passages in `language`, each once, best first. */
  function inLanguage(hits: PassageHit[], language: Language): PassageHit[] {
    const seen = new Set<string>();
    const out: PassageHit[] = [];
    for (const hit of hits) {
      if (seen.has(hit.passage.key)) continue;
      seen.add(hit.passage.key);
      const passage = byId.get(`${hit.passage.key}/${language}`) ?? hit.passage;
      out.push({ passage, score: hit.score });
    }
    return out;
  }

  return { searchPassages, searchLessons, passageCount: passages.length };
}

function recurringPairs(passages: Passage[], terms: (text: string) => string[]): Set<string> {
  const seen = new Set<string>();
  const recurring = new Set<string>();
  for (const passage of passages) {
    const pairs = new Set(
      [passage.text, passage.lessonTitle, passage.courseTitle].flatMap(terms).filter(isPair),
    );
    for (const pair of pairs) (seen.has(pair) ? recurring : seen).add(pair);
  }
  return recurring;
}
