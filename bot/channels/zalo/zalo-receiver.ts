import type { Logger } from '../../logger';
import type { Intake } from '../../turns/intake';
import type { GroupNote } from './group-note';
import { toInbound } from './zalo-inbound';
import type { ZaloUpdate } from './zalo-update';

export type Received = 'accepted' | 'duplicate' | 'group' | 'ignored';

export interface ZaloReceiver {
  /** Records one update (webhook or polling alike); resolves once it is durable, before any turn. */
  handle(update: ZaloUpdate): Promise<Received>;
}

export function createZaloReceiver(deps: {
  intake: Intake;
  groupNote: GroupNote;
  log: Logger;
  now?: () => Date;
}): ZaloReceiver {
  const now = deps.now ?? (() => new Date());
  return {
    async handle(update) {
      const inbound = toInbound(update, now());
      switch (inbound.kind) {
        case 'learner':
          return (await deps.intake.accept(inbound.record)) ? 'accepted' : 'duplicate';
        case 'group':
          // Not awaited: the platform gets its answer now; the note is rare and best effort.
          void deps.groupNote.offer(inbound.chatId);
          return 'group';
        case 'ignored':
          deps.log.debug({ reason: inbound.reason }, 'Zalo update ignored');
          return 'ignored';
      }
    },
  };
}
