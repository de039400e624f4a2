import { performance } from 'node:perf_hooks';

/**
 * Puts webhook intake before turns when one process cannot do both at full speed.
 *
 * Acknowledging a delivery is cheap and keeps the platform from retrying or slowing down; a turn
 * costs several times more. On a saturated event loop both share it evenly, so a flood of
 * deliveries (a platform catching up, a broadcast's answers) would be acknowledged only as fast as
 * turns run. While paced, turns get a fixed share instead: `turnsPerMessage` turns for each
 * message accepted, never fewer than `minTurnsPerSecond`, in batches of about `batch` turns. The
 * backlog waits, durable, in the inbox and drains at full speed once the flood is over.
 *
 * Whether pacing helps is tested, not guessed. A saturated loop with messages arriving starts a
 * short trial that holds turns back. If deliveries then arrive clearly faster than before, they
 * come whatever the replies do (a flood): pacing stays on until arrivals ebb or the loop has room.
 * If not, learners were waiting for their replies (a closed loop, where holding turns back only
 * slows everyone down): the trial ends and the next waits longer, up to `maxTrialBackoffMs`. A
 * closed loop can pass a trial (its webhooks, queued behind turns, are all read at once), but then
 * arrivals ebb within a second, and that counts as a failed trial.
 */
export interface TurnPacer {
  /** New messages accepted for turns. */
  accepted(count: number): void;
  /** Messages whose turns have finished (answered, or left pending after a failure). */
  processed(count: number): void;
  /** Turns the next batch may run: Infinity when not held back, 0 until a batch's worth is allowed. */
  allowance(): number;
  /** Called when allowance may have been granted (messages accepted, time passed, pacing ended). */
  onAllowance(listener: () => void): void;
  /** Turns are held back (on trial or paced): one batch at a time. */
  readonly holding: boolean;
  /** Evaluates the last window (the timer calls it; tests call it directly). */
  tick(): void;
  stop(): void;
}

export interface TurnPacerOptions {
  turnsPerMessage?: number;
  minTurnsPerSecond?: number;
  /** Turns per held-back batch (at least; up to twice): few keep intake responsive, enough stay cheap. */
  batch?: number;
  /** Event-loop utilisation from which the loop counts as saturated. */
  saturatedAt?: number;
  /** Arrivals per window below which there is nothing to put first. */
  minArrivals?: number;
  maxTrialBackoffMs?: number;
  windowMs?: number;
  /** Loop utilisation since the previous call, 0…1 (injected by tests). */
  utilization?: () => number;
  now?: () => number;
  /** false: no timer (tests drive `tick`). */
  timer?: boolean;
  /** Pacing confirmed (true) or ended (false); trials are not reported. */
  onChange?: (paced: boolean) => void;
}

type State = 'free' | 'trial' | 'paced';

/** Saturated windows whose arrivals make the baseline of a trial. */
const WINDOWS_BEFORE_TRIAL = 3;
/** A trial's first window still runs batches started before it; the next ones are judged. */
const TRIAL_WINDOWS = 3;
/** Arrivals during a trial, relative to before, that show a flood. */
const FLOOD_RATIO = 1.5;
/** Pacing that ends sooner than this was a misjudged closed loop: back off as after a failed trial. */
const SHORTEST_FLOOD_MS = 1000;
const FIRST_BACKOFF_MS = 1000;
/** Below this the loop clearly has room (intake alone rarely fills it: it waits on the database). */
const ROOM_AT = 0.6;

export function createTurnPacer(options: TurnPacerOptions = {}): TurnPacer {
  const turnsPerMessage = options.turnsPerMessage ?? 0.1;
  const minTurnsPerSecond = options.minTurnsPerSecond ?? 200;
  const batch = options.batch ?? 32;
  const saturatedAt = options.saturatedAt ?? 0.9;
  const minArrivals = options.minArrivals ?? 20;
  const maxTrialBackoffMs = options.maxTrialBackoffMs ?? 8000;
  const now = options.now ?? (() => performance.now());
  const utilization = options.utilization ?? loopUtilization();

  let state: State = 'free';
  /** Messages accepted in the current window, and in the last windows while saturated. */
  let arrivals = 0;
  let saturatedArrivals: number[] = [];
  /** Arrivals per window before the current trial, and before the last trial that found no flood. */
  let baseline = 0;
  let failedBaseline = 0;
  let trialWindows = 0;
  let trialArrivals = 0;

  let backoffMs = FIRST_BACKOFF_MS;
  let nextTrialAt = 0;
  /** Recent arrivals per window while paced, windows in a row well below that, and since when. */
  let pacedRate = 0;
  let ebbingWindows = 0;
  let pacedSince = 0;
  /** Turns allowed and not yet run; below zero when learners had more messages than counted. */
  let credit = 0;
  let creditedAt = now();
  const listeners: (() => void)[] = [];
  const notify = () => {
    for (const listener of listeners) listener();
  };
  const holding = () => state !== 'free';

  const accrueFloor = () => {
    const at = now();
    credit = Math.min(2 * batch, credit + ((at - creditedAt) / 1000) * minTurnsPerSecond);
    creditedAt = at;
  };
  const enter = (next: State) => {
    const was = state;
    state = next;
    saturatedArrivals = [];
    if (was === 'free') {
      credit = 0;
      creditedAt = now();
    }
    if (next === 'paced' || was === 'paced') options.onChange?.(next === 'paced');
    notify();
  };
  const backOff = () => {
    failedBaseline = baseline;
    nextTrialAt = now() + backoffMs;
    backoffMs = Math.min(2 * backoffMs, maxTrialBackoffMs);
  };

  function whileFree(saturated: boolean, arrived: number): void {
    if (!saturated) {
      saturatedArrivals = [];
      return;
    }
    saturatedArrivals.push(arrived);
    if (saturatedArrivals.length < WINDOWS_BEFORE_TRIAL) return;
    const recent = saturatedArrivals.reduce((sum, n) => sum + n, 0) / saturatedArrivals.length;
    saturatedArrivals.shift();
    // A backlog draining alone has nothing to yield to; while backing off, only arrivals far above
    // those of the failed trial (a new situation) are worth another one.
    if (recent < minArrivals) return;
    if (now() < nextTrialAt && recent < 3 * failedBaseline) return;
    baseline = recent;
    trialWindows = 0;
    trialArrivals = 0;
    enter('trial');
  }

  function onTrial(arrived: number): void {
    trialWindows += 1;
    if (trialWindows > 1) trialArrivals += arrived;
    if (trialWindows < TRIAL_WINDOWS) return notify();
    const during = trialArrivals / (TRIAL_WINDOWS - 1);
    if (during >= FLOOD_RATIO * baseline) {
      pacedRate = during;
      ebbingWindows = 0;
      pacedSince = now();
      return enter('paced');
    }
    backOff();
    enter('free');
  }

  function whilePaced(used: number, arrived: number): void {
    // Paced until the flood ebbs (arrivals fall to half their recent rate) or the loop has room.
    ebbingWindows = arrived < 0.5 * pacedRate ? ebbingWindows + 1 : 0;
    pacedRate = 0.8 * pacedRate + 0.2 * arrived;
    if (ebbingWindows < 2 && used >= ROOM_AT) return notify();
    if (now() - pacedSince < SHORTEST_FLOOD_MS) backOff();
    else backoffMs = FIRST_BACKOFF_MS;
    enter('free');
  }

  const timer =
    options.timer === false ? undefined : setInterval(() => pacer.tick(), options.windowMs ?? 100);
  timer?.unref();

  const pacer: TurnPacer = {
    accepted(count) {
      arrivals += count;
      if (!holding()) return;
      const before = credit;
      credit = Math.min(2 * batch, credit + count * turnsPerMessage);
      if (before < batch && credit >= batch) notify();
    },
    processed(count) {
      if (holding()) credit -= count;
    },
    allowance() {
      if (!holding()) return Number.POSITIVE_INFINITY;
      accrueFloor();
      return credit >= batch ? Math.floor(credit) : 0;
    },
    onAllowance(listener) {
      listeners.push(listener);
    },
    get holding() {
      return holding();
    },
    tick() {
      const used = utilization();
      const arrived = arrivals;
      arrivals = 0;
      if (state === 'free') whileFree(used >= saturatedAt, arrived);
      else if (state === 'trial') onTrial(arrived);
      else whilePaced(used, arrived);
    },
    stop() {
      if (timer) clearInterval(timer);
    },
  };
  return pacer;
}

/** Event-loop utilisation since the previous call. */
function loopUtilization(): () => number {
  let last = performance.eventLoopUtilization();
  return () => {
    const current = performance.eventLoopUtilization();
    const { utilization } = performance.eventLoopUtilization(current, last);
    last = current;
    return utilization;
  };
}
