import { parseChoice } from '../parse-answer';
import type { Turn } from '../turn';
import type { Step } from '../types';
import { startLesson } from './lesson';
import { showMenu } from './lookup';
import { openCourse } from './menu';

type CampaignStep = Extract<Step, { at: 'campaign' }>;

/**
 * A staff broadcast reaches the learner as a turn of its own, so its choices become the prompt
 * on screen: a tapped button, or the number typed on Zalo, opens the lesson and counts as engaged.
 * A learner who stopped broadcasts since the campaign picked them gets nothing.
 */
export function showCampaign(turn: Turn): void {
  const input = turn.input.campaign;
  if (!input) return;
  if (turn.profile.optedOutAt) {
    turn.intend({ kind: 'campaign', campaignId: input.id, event: 'stopped' });
    return;
  }
  const labels = input.choices.map((choice) => choice.label);
  if (labels.length > 0) {
    const step = turn.state.step;
    const back = step.at === 'campaign' ? step.back : step;
    turn.go({ at: 'campaign', back, campaign: input.id, choices: input.choices });
  }
  turn.say(turn.input.text, labels);
  if (input.media) turn.replies.at(-1)!.media = input.media;
}

export function promptCampaign(turn: Turn): void {
  const step = turn.state.step as CampaignStep;
  turn.say(
    turn.m.campaignHint,
    step.choices.map((choice) => choice.label),
  );
}

/** Which choice the text picks (1-based), if any. */
export function campaignChoice(step: CampaignStep, text: string): number | undefined {
  return parseChoice(
    text,
    step.choices.map((choice) => choice.label),
  )?.[0];
}

export function answerCampaign(turn: Turn, text: string, step: CampaignStep): void {
  const picked = campaignChoice(step, text);
  const choice = picked ? step.choices[picked - 1] : undefined;
  if (!choice) return promptCampaign(turn);
  turn.intend({ kind: 'campaign', campaignId: step.campaign, event: 'engaged' });
  turn.go(step.back);
  const course = choice.courseId ? turn.catalog.course(choice.courseId) : undefined;
  const lesson = course?.lessons.find((candidate) => candidate.id === choice.lessonId);
  if (course && lesson) return startLesson(turn, course, lesson);
  if (course) return openCourse(turn, course);
  turn.go({ at: 'menu' });
  showMenu(turn);
}
