/**
 * BullMQ rejects custom ids that contain ':' or that read as integers. Escaping '%' and ':' and
 * marking integer-looking ids with '%i' (a sequence escaping never produces) keeps the mapping
 * deterministic and reversible, so every process maps the same id to the same Redis key.
 */
export function toBullJobId(id: string): string {
  const escaped = id.replaceAll('%', '%25').replaceAll(':', '%3A');
  return `${Number.parseInt(escaped, 10)}` === escaped ? `%i${escaped}` : escaped;
}

/** Inverse of toBullJobId; leaves BullMQ's own ids (numbers, `repeat:<id>:<ms>`) readable. */
export function fromBullJobId(bullId: string): string {
  const unmarked = bullId.startsWith('%i') ? bullId.slice(2) : bullId;
  return unmarked.replace(/%(25|3A)/g, (_match, code: string) => (code === '25' ? '%' : ':'));
}
