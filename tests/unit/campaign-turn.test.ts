import { describe, expect, it } from 'vitest';
import { heldFor } from '../../bot/campaigns/campaign-runner';
import { createAdaptiveRate } from '../../bot/channels/core/adaptive-rate';
import type { CampaignInput } from '../../bot/engine/types';
import { sampleCatalog } from '../support/sample-catalog';
import { createTutorDriver, lastChoices, texts } from '../support/tutor-driver';

const CAMPAIGN: CampaignInput = {
  id: 7,
  choices: [{ label: 'Học ngay', courseId: 'course-b', lessonId: 'lesson-2' }, { label: 'Để sau' }],
};
const campaign = (input = CAMPAIGN) => ({ kind: 'campaign' as const, campaign: input });

describe('a campaign as a turn of its own', () => {
  it('shows its text and choices; a typed number opens the lesson and counts as engaged', () => {
    const d = createTutorDriver(sampleCatalog());
    d.onboard();
    const shown = d.send('Tuần này: cuộc gọi giả danh công an', campaign());
    expect(texts(shown)).toBe('Tuần này: cuộc gọi giả danh công an');
    expect(lastChoices(shown)).toEqual(['Học ngay', 'Để sau']);
    const opened = d.send('1');
    expect(d.last.intents).toEqual([{ kind: 'campaign', campaignId: 7, event: 'engaged' }]);
    expect(d.last.lessonStarted).toEqual({ course: 'course-b', lesson: 'lesson-2' });
    expect(texts(opened)).toMatch(/Bài 2/);
  });

  it('a button press (promptSeq) works the same; a choice without a lesson goes to the menu', () => {
    const d = createTutorDriver(sampleCatalog());
    d.onboard();
    const shown = d.send('Tin mới', campaign());
    d.send('2', { promptSeq: shown[0]!.promptSeq });
    expect(d.last.intents).toEqual([{ kind: 'campaign', campaignId: 7, event: 'engaged' }]);
    expect(lastChoices(d.last.replies)).toEqual(['Khóa 1', 'Khóa 2']);
  });

  it('other text goes to the step the campaign interrupted, without counting as engaged', () => {
    const d = createTutorDriver(sampleCatalog());
    d.onboard();
    d.send('1'); // opens course 1, lesson 1
    expect(d.learner!.state.step).toMatchObject({ at: 'card', course: 'course-a', card: 0 });
    d.send('Tin mới', campaign());
    expect(d.learner!.state.step.at).toBe('campaign');
    d.send('xin chao');
    expect(d.last.intents ?? []).toEqual([]);
    expect(d.learner!.state.step).toMatchObject({ at: 'card', course: 'course-a' });
  });

  it('shows nothing to a learner who stopped broadcasts meanwhile, and says so', () => {
    const d = createTutorDriver(sampleCatalog());
    d.onboard();
    d.send('/stop');
    const shown = d.send('Tin mới', campaign());
    expect(shown).toEqual([]);
    expect(d.last.intents).toEqual([{ kind: 'campaign', campaignId: 7, event: 'stopped' }]);
  });

  it('sends its image as media', () => {
    const d = createTutorDriver(sampleCatalog());
    d.onboard();
    const shown = d.send('Ảnh', campaign({ id: 8, choices: [], media: { url: 'https://example.vn/a.png' } }));
    expect(shown[0]!.media).toEqual({ url: 'https://example.vn/a.png' });
  });
});

describe('adaptive send rate (Zalo)', () => {
  it('halves on a 429 (once per hold) and climbs back a tenth per quiet hold', () => {
    let t = 0;
    const rate = createAdaptiveRate({ ceiling: 20, holdMs: 1000, now: () => t });
    expect(rate.current()).toBe(20);
    rate.limited();
    rate.limited();
    expect(rate.current()).toBe(10);
    t = 500;
    rate.limited();
    expect(rate.current()).toBe(10);
    t = 1000;
    expect(rate.current()).toBe(12);
    t = 3000;
    expect(rate.current()).toBe(16);
    t = 60_000;
    expect(rate.current()).toBe(20);
    rate.limited();
    expect(rate.current()).toBe(10);
  });
});

describe('when a campaign waits', () => {
  const quiet = { from: 21, to: 7 };
  const at = (hour: number) => new Date(Date.UTC(2026, 11, 5, hour - 7)); // local hour in Asia/Ho_Chi_Minh
  it('holds during quiet hours and outside its local hour', () => {
    expect(heldFor({ localHour: null }, quiet, at(22), 'Asia/Ho_Chi_Minh')).toBe('quiet-hours');
    expect(heldFor({ localHour: null }, quiet, at(6), 'Asia/Ho_Chi_Minh')).toBe('quiet-hours');
    expect(heldFor({ localHour: null }, quiet, at(9), 'Asia/Ho_Chi_Minh')).toBeNull();
    expect(heldFor({ localHour: 9 }, quiet, at(10), 'Asia/Ho_Chi_Minh')).toBe('local-hour');
    expect(heldFor({ localHour: 9 }, quiet, at(9), 'Asia/Ho_Chi_Minh')).toBeNull();
  });
});
