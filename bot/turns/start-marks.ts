/**
 * Records durably that sends are about to begin, many at once: every id marked during one round
 * trip goes in the next statement, and each caller resumes once its own mark is committed.
 */
export function createStartMarks(write: (ids: bigint[]) => Promise<void>) {
  let waiting: { id: bigint; resolve: () => void; reject: (error: unknown) => void }[] = [];
  let writing = false;

  async function drain(): Promise<void> {
    writing = true;
    while (waiting.length > 0) {
      const batch = waiting;
      waiting = [];
      try {
        await write(batch.map((item) => item.id));
        for (const item of batch) item.resolve();
      } catch (error) {
        for (const item of batch) item.reject(error);
      }
    }
    writing = false;
  }

  return {
    mark(id: bigint): Promise<void> {
      return new Promise((resolve, reject) => {
        waiting.push({ id, resolve, reject });
        if (!writing) void drain();
      });
    },
  };
}

/** The first call runs `fn`; later calls share its promise (a message split in parts starts once). */
export function once(fn: () => Promise<void>): () => Promise<void> {
  let started: Promise<void> | undefined;
  return () => {
    started ??= fn();
    return started;
  };
}
