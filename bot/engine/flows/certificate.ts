import { pick } from '../messages';
import { parseChoice, parseYesNo } from '../parse-answer';
import type { Turn } from '../turn';
import type { Step } from '../types';
import { showMenu } from './lookup';

type NameStep = Extract<Step, { at: 'certificate-name' }>;

/** A name to print: letters (any script, with diacritics), spaces, dots, hyphens, apostrophes. */
const NAME = /^[\p{L}\p{M}][\p{L}\p{M} .'-]{1,59}$/u;

export function cleanName(text: string): string | undefined {
  const name = text.normalize('NFC').replace(/\s+/g, ' ').trim();
  return NAME.test(name) ? name : undefined;
}

/** A course is finished: the learner confirms the name for its certificate before it is issued. */
export function askCertificateName(turn: Turn, course: string, back: Step, lead: string): void {
  turn.go({ at: 'certificate-name', course, back });
  promptCertificateName(turn, lead);
}

function suggested(turn: Turn): string | undefined {
  const name = turn.profile.displayName;
  return name ? cleanName(name) : undefined;
}

function labels(turn: Turn): string[] {
  return suggested(turn) ? [turn.m.certificateUseName, turn.m.certificateSkip] : [turn.m.certificateSkip];
}

export function promptCertificateName(turn: Turn, lead?: string): void {
  const name = suggested(turn);
  const ask = name ? turn.m.certificateConfirm(name) : turn.m.certificateAskName;
  turn.say(lead ? `${lead}\n\n${ask}` : ask, labels(turn));
}

export function answerCertificateName(turn: Turn, text: string, step: NameStep): void {
  const name = suggested(turn);
  const choice = parseChoice(text, labels(turn))?.[0];
  const skip = choice === labels(turn).length;
  if (skip) return leave(turn, step, turn.m.certificateLater);
  const chosen = (choice === 1 || parseYesNo(text) === true) && name ? name : cleanName(text);
  if (!chosen || (parseYesNo(text) !== undefined && !name)) {
    return turn.say(turn.m.certificateNameHint, labels(turn));
  }
  turn.intend({ kind: 'issue-certificate', courseId: step.course, name: chosen, language: turn.lang });
  leave(turn, step, turn.m.certificateMaking(chosen));
}

function leave(turn: Turn, step: NameStep, lead: string): void {
  turn.go(step.back);
  if (step.back.at === 'menu') return showMenu(turn, lead);
  turn.prompt(lead);
}

/** The job issued it: the link and the image, sent as a photo where the platform can. */
export function showCertificate(turn: Turn): void {
  const issued = turn.input.certificate;
  if (!issued) return;
  const course = turn.catalog.course(issued.courseId);
  const title = course ? pick(course.title, turn.lang) : issued.courseId;
  turn.replies.push({
    text: turn.m.certificateReady(title, issued.url),
    media: { url: issued.imageUrl, caption: turn.m.certificateCaption(title) },
  });
}
