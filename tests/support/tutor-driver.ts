import type { Catalog } from '../../bot/content/catalog';
import type { TutorSettings } from '../../bot/engine/turn';
import { createTutor, newLearner } from '../../bot/engine/tutor';
import type { AnswerRecord, Learner, Reply, TurnInput, TurnOutcome } from '../../bot/engine/types';

/** Plays a learner against the pure tutor, applying each outcome like the store would. */
export function createTutorDriver(
  catalog: Catalog,
  start = Date.parse('2026-11-27T08:00:00Z'),
  settings?: TutorSettings,
) {
  const tutor = createTutor(catalog, settings);
  let learner: Learner | null = null;
  let clock = start;
  const answers: AnswerRecord[] = [];
  const outcomes: TurnOutcome[] = [];
  return {
    send(text: string, extra: Partial<TurnInput> = {}): Reply[] {
      clock += 1500;
      const outcome = tutor.handle(learner, { kind: 'text', text, at: new Date(clock), ...extra });
      outcomes.push(outcome);
      answers.push(...outcome.answers);
      learner = outcome.erase
        ? null
        : { profile: { ...(learner ?? newLearner()).profile, ...outcome.profile }, state: outcome.state };
      return outcome.replies;
    },
    /** Moves the clock (days pass between turns). */
    wait(ms: number): void {
      clock += ms;
    },
    get now(): number {
      return clock;
    },
    get learner() {
      return learner;
    },
    get answers() {
      return answers;
    },
    get last(): TurnOutcome {
      return outcomes[outcomes.length - 1]!;
    },
    outcomes,
    /** Onboards with consent, Vietnamese, a province and a group, ending at the course menu. */
    onboard(): Reply[] {
      this.send('/start');
      this.send('đồng ý');
      this.send('1');
      this.send('Hà Nội');
      return this.send('1');
    },
  };
}

export const texts = (replies: Reply[]) => replies.map((reply) => reply.text).join('\n---\n');
export const lastChoices = (replies: Reply[]) => replies.at(-1)?.choices?.map((choice) => choice.label) ?? [];
