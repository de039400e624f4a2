/**
 * Button payloads: `v1:<promptSeq>:<reply>`. The version lets a later format coexist with buttons
 * still on learners' screens; anything that does not parse is treated as a press on an old prompt.
 */
const VERSION = 'v1';
const PATTERN = /^v1:(\d{0,9}):(\d{1,3})$/;

export interface Press {
  promptSeq?: number;
  /** What the learner would have typed: the 1-based position of the choice. */
  reply: string;
}

export function encodeChoice(promptSeq: number | undefined, reply: string): string {
  return `${VERSION}:${promptSeq ?? ''}:${reply}`;
}

export function decodeChoice(data: string | undefined): Press | undefined {
  const match = data ? PATTERN.exec(data) : null;
  if (!match) return undefined;
  return match[1] ? { promptSeq: Number(match[1]), reply: match[2]! } : { reply: match[2]! };
}

/** A `promptSeq` no prompt ever has: the engine answers it as a stale button. */
export const STALE_PRESS = -1;
