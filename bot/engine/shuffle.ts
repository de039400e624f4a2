import type { Question } from '../content/catalog';

/**
 * FNV-1a with murmur3's final mix: a small, stable string hash (the same on every machine). The mix
 * matters: seeds differ only in their last digits, which plain FNV-1a spreads poorly.
 */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** mulberry32: enough randomness to spread answers over positions, fully reproducible from its seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A learner's seed, from the time of their first turn: a re-run of that turn gives the same seed. */
export function seedFrom(time: number): number {
  return hash(`learner:${time}`);
}

/**
 * The order a learner sees a question's options in, as 1-based positions in the content file.
 * The same for the same seed and question, on every delivery and after a restart. True/false keeps
 * Đúng/Sai; `shuffle: false` keeps the written order; no seed (a state from before shuffling) too.
 */
export function optionOrder(question: Question, seed: number | undefined): number[] {
  const order = question.options.map((_, index) => index + 1);
  if (seed === undefined || question.kind === 'truefalse' || question.shuffle === false) return order;
  const next = random(hash(`${seed}:${question.key}`));
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}
