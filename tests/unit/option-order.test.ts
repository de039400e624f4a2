import { describe, expect, it } from 'vitest';
import type { Question } from '../../bot/content/catalog';
import { optionOrder, seedFrom } from '../../bot/engine/shuffle';
import { createTutor } from '../../bot/engine/tutor';
import type { Learner } from '../../bot/engine/types';
import { sampleCatalog } from '../support/sample-catalog';
import { createTutorDriver, lastChoices } from '../support/tutor-driver';

const catalog = sampleCatalog();
const q1 = catalog.lesson('course-a', 'lesson-1')!.questions[0]!;
const five: Question = {
  ...q1,
  key: 'x/y/five',
  options: [1, 2, 3, 4, 5].map((n) => ({ ...q1.options[0]!, text: { vi: `${n}`, en: `${n}` } })),
};

/** A learner at the first question of course A, lesson 1, whose seed shows q1 in a shuffled order. */
function learnerAtQ1() {
  for (let start = Date.parse('2026-11-27T08:00:00Z'); ; start += 1000) {
    const d = createTutorDriver(catalog, start);
    d.onboard();
    d.send('1');
    d.send('1');
    const prompt = d.send('1');
    const labels = lastChoices(prompt);
    if (labels[0] !== '123456') return { d, labels, prompt };
  }
}

describe('options shuffled per learner and question', () => {
  it('a seed gives the same order every time; different questions and seeds differ', () => {
    const seed = seedFrom(Date.parse('2026-12-05T07:00:00Z'));
    expect(optionOrder(five, seed)).toEqual(optionOrder(five, seed));
    expect(optionOrder(five, seed).sort()).toEqual([1, 2, 3, 4, 5]);
    const orders = new Set<string>();
    for (let i = 0; i < 50; i++) orders.add(optionOrder({ ...five, key: `x/y/${i}` }, seed).join());
    expect(orders.size).toBeGreaterThan(20);
    const seeds = new Set<string>();
    for (let t = 0; t < 50; t++) seeds.add(optionOrder(five, seedFrom(t * 1500)).join());
    expect(seeds.size).toBeGreaterThan(20);
  });

  it('spreads every option evenly over the positions', () => {
    const counts = Array.from({ length: 5 }, () => [0, 0, 0, 0, 0]);
    const runs = 5000;
    for (let t = 0; t < runs; t++) {
      optionOrder(five, seedFrom(Date.parse('2026-12-05T07:00:00Z') + t * 1000)).forEach(
        (option, position) => {
          counts[option - 1]![position]! += 1;
        },
      );
    }
    for (const row of counts)
      for (const count of row) expect(Math.abs(count - runs / 5)).toBeLessThan(runs / 50);
  });

  it('keeps Đúng/Sai, questions marked shuffle: false, and states saved before seeds', () => {
    const tf = catalog.lesson('course-a', 'lesson-1')!.questions[1]!;
    for (let t = 0; t < 20; t++) expect(optionOrder(tf, seedFrom(t))).toEqual([1, 2]);
    for (let t = 0; t < 20; t++)
      expect(optionOrder({ ...five, shuffle: false }, seedFrom(t))).toEqual([1, 2, 3, 4, 5]);
    expect(optionOrder(five, undefined)).toEqual([1, 2, 3, 4, 5]);
  });

  it('creates the seed inside the engine from the first turn: the same turn re-run gives the same seed', () => {
    const tutor = createTutor(catalog);
    const input = { kind: 'text' as const, text: '/start', at: new Date('2026-12-05T07:00:00Z') };
    const first = tutor.handle(null, input).state.seed;
    expect(first).toBeTypeOf('number');
    expect(tutor.handle(null, input).state.seed).toBe(first);
    expect(tutor.handle(null, { ...input, at: new Date('2026-12-05T07:00:01Z') }).state.seed).not.toBe(first);
  });

  it('the learner types the number they see; the answer event keeps the content position', () => {
    const { d, labels, prompt } = learnerAtQ1();
    expect(prompt.at(-1)!.choices!.map((c) => c.reply)).toEqual(['1', '2', '3']);
    const shown = labels.indexOf('Ngày sinh của bạn') + 1;
    d.send(String(shown));
    expect(d.answers.at(-1)).toMatchObject({
      questionKey: 'course-a/lesson-1/q1',
      chosen: '2',
      correct: false,
    });
  });

  it('shows the same order again after a redelivery, a restart and a trip to the menu', () => {
    const { d, labels } = learnerAtQ1();
    const saved: Learner = JSON.parse(JSON.stringify(d.learner));
    saved.profile.consentAt = new Date(saved.profile.consentAt as unknown as string);
    const again = createTutor(catalog).handle(saved, { kind: 'text', text: 'hả?', at: new Date() });
    expect(lastChoices(again.replies)).toEqual(labels);
    d.send('/menu');
    expect(lastChoices(d.send('học tiếp'))).toEqual(labels);
  });

  it('a state saved before seeds keeps the written order mid-question, then gets a seed', () => {
    const { d } = learnerAtQ1();
    const old = structuredClone(d.learner!);
    delete old.state.seed;
    const tutor = createTutor(catalog);
    const at = new Date('2026-12-05T08:00:00Z');
    const answered = tutor.handle(old, { kind: 'text', text: '3', at });
    expect(answered.answers[0]).toMatchObject({ chosen: '3', correct: true });
    expect(answered.state.seed).toBeUndefined();
    expect(lastChoices(answered.replies)).toEqual(['Đúng', 'Sai']);
    const menu = tutor.handle({ ...old, state: answered.state }, { kind: 'text', text: '/menu', at });
    expect(menu.state.seed).toBeTypeOf('number');
  });
});
