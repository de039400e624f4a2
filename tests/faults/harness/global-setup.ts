import { faultTable, resetFaultTable } from './fault-table';

/** Vitest global setup of `npm run test:faults`: a fresh table, printed when every scenario has run. */
export default function setup(): () => void {
  resetFaultTable();
  return () => {
    console.log(`\nFault scenarios (npm run test:faults):\n${faultTable()}\n`);
  };
}
