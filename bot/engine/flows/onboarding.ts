import { AUDIENCES } from '../../content/content-schema';
import { fold } from '../normalize';
import { parseChoice, parseYesNo } from '../parse-answer';
import { parseProvince } from '../parse-province';
import type { Turn } from '../turn';
import type { Step } from '../types';
import { showMenu } from './lookup';

const LANGUAGES = {
  vi: ['tieng viet', 'viet', 'vi', 'vietnamese', 'vn'],
  en: ['english', 'en', 'tieng anh', 'anh'],
};

export function promptConsent(turn: Turn): void {
  turn.say(turn.m.consent, [turn.m.consentYes, turn.m.consentNo]);
}

export function answerConsent(turn: Turn, text: string): void {
  const choice = parseChoice(text, [turn.m.consentYes, turn.m.consentNo])?.[0];
  const agreed = choice === 1 || (choice === undefined && parseYesNo(text) === true);
  const declined = choice === 2 || (choice === undefined && parseYesNo(text) === false);
  if (agreed) {
    turn.update({ consentAt: turn.input.at, displayName: turn.input.displayName?.slice(0, 100) ?? null });
    // Chosen already (/language before consenting): not asked twice.
    if (turn.state.languageChosen) {
      turn.go({ at: 'province' });
      promptProvince(turn);
    } else {
      turn.go({ at: 'language' });
      promptLanguage(turn);
    }
  } else if (declined) {
    turn.effects.erase = true;
    turn.say(turn.m.consentDeclined);
  } else {
    turn.say(turn.m.consentHint, [turn.m.consentYes, turn.m.consentNo]);
  }
}

export function promptLanguage(turn: Turn): void {
  turn.say(turn.m.languageQuestion, ['Tiếng Việt', 'English']);
}

export function answerLanguage(turn: Turn, text: string, back: Step | undefined): void {
  const folded = fold(text);
  const choice = parseChoice(text, ['Tiếng Việt', 'English'])?.[0];
  const language =
    choice === 2 || LANGUAGES.en.includes(folded)
      ? 'en'
      : choice === 1 || LANGUAGES.vi.includes(folded)
        ? 'vi'
        : undefined;
  if (!language) {
    turn.say(turn.m.languageHint, ['Tiếng Việt', 'English']);
    return;
  }
  turn.update({ language });
  turn.state.languageChosen = true;
  turn.say(turn.m.languageSet);
  if (back) {
    turn.go(back);
    turn.prompt();
  } else {
    turn.go({ at: 'province' });
    promptProvince(turn);
  }
}

export function promptProvince(turn: Turn, lead = turn.m.provinceQuestion): void {
  turn.say(lead, [...turn.catalog.provinces.map((province) => province.name), turn.m.provinceSkip]);
}

export function answerProvince(turn: Turn, text: string): void {
  const skipNumber = String(turn.catalog.provinces.length + 1);
  const match =
    fold(text) === skipNumber || fold(text) === fold(turn.m.provinceSkip)
      ? 'skip'
      : parseProvince(text, turn.catalog.provinces);
  if (!match) {
    promptProvince(turn, turn.m.provinceNotFound(text.trim().slice(0, 40)));
    return;
  }
  if (match !== 'skip') {
    turn.update({ province: match.province.code });
    if (match.formerName) turn.say(turn.m.provinceMerged(match.formerName, match.province.name));
  }
  turn.go({ at: 'audience' });
  promptAudience(turn);
}

export function promptAudience(turn: Turn, lead = turn.m.audienceQuestion): void {
  turn.say(
    lead,
    AUDIENCES.map((id) => turn.m.audiences[id]),
  );
}

const AUDIENCE_WORDS: Record<(typeof AUDIENCES)[number], string[]> = {
  citizen: ['nguoi dan', 'dan', 'cong dan', 'citizen'],
  elder: ['nguoi cao tuoi', 'cao tuoi', 'nguoi gia', 'gia', 'huu tri', 've huu', 'elder', 'older', 'senior'],
  student: ['hoc sinh', 'sinh vien', 'hs', 'sv', 'student', 'pupil'],
  civil_servant: ['can bo', 'cong chuc', 'vien chuc', 'ccvc', 'civil servant'],
  worker: ['cong nhan', 'nguoi lao dong', 'lao dong', 'nong dan', 'worker', 'employee'],
  volunteer: ['tinh nguyen', 'tinh nguyen vien', 'tnv', 'doan vien', 'volunteer'],
};

export function answerAudience(turn: Turn, text: string): void {
  const folded = fold(text);
  const byWord = AUDIENCES.find((id) => AUDIENCE_WORDS[id].includes(folded));
  const choice = parseChoice(
    text,
    AUDIENCES.map((id) => turn.m.audiences[id]),
  )?.[0];
  const audience = byWord ?? (choice ? AUDIENCES[choice - 1] : undefined);
  if (!audience) {
    promptAudience(turn, turn.m.audienceHint);
    return;
  }
  turn.update({ audience });
  turn.say(turn.m.onboardingDone);
  showMenu(turn);
}
