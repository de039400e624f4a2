import { isQuietHour } from '../../schedule/quiet-hours';
import { fold } from '../normalize';
import { parseChoice, parseYesNo } from '../parse-answer';
import type { Turn } from '../turn';
import type { Step } from '../types';
import { isOnboarding } from './account';
import { returnStep, showMenu } from './lookup';

/** Hours offered as buttons; any other hour outside the quiet hours can be typed ("20", "8 giờ tối"). */
const OFFERED_HOURS = [7, 12, 19];

function hourChoices(turn: Turn): number[] {
  return OFFERED_HOURS.filter((hour) => !isQuietHour(hour, turn.settings.quietHours));
}

function hourLabels(turn: Turn): string[] {
  return [...hourChoices(turn).map((hour) => turn.m.reminderAt(hour)), turn.m.reminderNone];
}

/** After the first lesson, once: would the learner like a daily reminder, and when? */
export function offerReminder(turn: Turn, back: Step, lead: string): void {
  turn.state.reminderAsked = true;
  turn.go({ at: 'reminder-hour', back });
  turn.say(`${lead}\n\n${turn.m.reminderOffer}`, hourLabels(turn));
}

/** `/nhacnho`: shows the current hour and the choices. */
export function reminderCommand(turn: Turn): void {
  if (isOnboarding(turn)) return turn.prompt();
  turn.go({ at: 'reminder-hour', back: returnStep(turn.state.step) });
  promptReminderHour(turn);
}

export function promptReminderHour(turn: Turn): void {
  const hour = turn.profile.reminderHour;
  const now = hour === null ? turn.m.reminderIsOff : turn.m.reminderIsAt(hour);
  turn.say(`${now}\n${turn.m.reminderQuestion}`, hourLabels(turn));
}

/** "19", "19h", "7 giờ tối", "8h sáng" → 0-23; undefined when the text is no hour. */
export function parseHour(text: string): number | undefined {
  const match = /^(\d{1,2})\s*(?:h|g|gio|:00|h00)?\s*(sang|trua|chieu|toi|dem|am|pm)?$/.exec(fold(text));
  if (!match) return undefined;
  let hour = Number(match[1]);
  const part = match[2];
  if (hour > 23 || (part && hour > 12)) return undefined;
  if ((part === 'chieu' || part === 'toi' || part === 'pm' || part === 'dem') && hour < 12) hour += 12;
  if ((part === 'sang' || part === 'am') && hour === 12) hour = 0;
  return hour === 24 ? 0 : hour;
}

export function answerReminderHour(turn: Turn, text: string, step: Extract<Step, { at: 'reminder-hour' }>) {
  const hours = hourChoices(turn);
  const choice = parseChoice(text, hourLabels(turn))?.[0];
  const none = choice === hours.length + 1 || parseYesNo(text) === false || fold(text) === 'tat';
  const hour = choice !== undefined && choice <= hours.length ? hours[choice - 1] : parseHour(text);
  if (!none && hour === undefined) return turn.say(turn.m.reminderHint, hourLabels(turn));
  if (!none && isQuietHour(hour!, turn.settings.quietHours)) {
    const { from, to } = turn.settings.quietHours;
    return turn.say(turn.m.reminderQuiet(from, to), hourLabels(turn));
  }
  turn.update({ reminderHour: none ? null : hour! });
  turn.state.reminderAsked = true;
  goBack(turn, step.back, none ? turn.m.reminderOff : turn.m.reminderSet(hour!));
}

function goBack(turn: Turn, back: Step, lead?: string): void {
  turn.go(back);
  if (back.at === 'menu') return showMenu(turn, lead);
  turn.prompt(lead);
}
