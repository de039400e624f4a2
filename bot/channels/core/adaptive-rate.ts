/**
 * A send rate for a platform that publishes no figure (Zalo): starts at the configured ceiling,
 * halves on each 429 (not more than once per `holdMs`, since one burst brings several), and after
 * `holdMs` without one climbs back by a tenth of the ceiling per `holdMs`. Never below `floor`.
 */
export interface AdaptiveRate {
  current(): number;
  /** The platform answered 429. */
  limited(): void;
}

export function createAdaptiveRate(options: {
  ceiling: number;
  floor?: number;
  holdMs?: number;
  now?: () => number;
}): AdaptiveRate {
  const now = options.now ?? (() => Date.now());
  const floor = Math.min(options.floor ?? 1, options.ceiling);
  const holdMs = options.holdMs ?? 30_000;
  let base = options.ceiling;
  let loweredAt = Number.NEGATIVE_INFINITY;
  function current(): number {
    const quiet = now() - loweredAt - holdMs;
    if (quiet < 0) return base;
    const climbed = base + Math.floor(quiet / holdMs + 1) * (options.ceiling / 10);
    return Math.min(options.ceiling, climbed);
  }
  return {
    current,
    limited() {
      const at = now();
      if (at - loweredAt < holdMs) return;
      base = Math.max(floor, current() / 2);
      loweredAt = at;
    },
  };
}
