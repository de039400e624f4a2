import { recordFault } from './fault-table';
import type { ChannelLearner } from './platforms';
import type { Rig } from './rig';
import type { Traffic } from './traffic';

/**
 * Once a fault has ended: how long until a new learner is answered, then every learner's replies
 * settled and counted, and the scenario's row in the fault table.
 */
export async function afterFault(
  rig: Rig,
  traffic: Traffic,
  learners: ChannelLearner[],
  scenario: string,
  faultEnd: number,
) {
  const recoveryMs = await rig.recoveredAfter(faultEnd);
  await traffic.done;
  const ledger = await rig.settle(traffic, learners);
  recordFault(scenario, ledger, { recoveryMs, allRepliesMs: ledger.settledAt - faultEnd });
  return { ledger, recoveryMs };
}
