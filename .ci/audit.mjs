// CI: known vulnerabilities (high or critical) in the run-time dependencies fail the build.
// Reads `npm audit --omit=dev --json` on stdin. When the advisory service itself cannot be reached
// (an offline mirror answers 405), says so loudly; AUDIT_REQUIRED=1 makes that a failure too.
import { readFileSync } from 'node:fs';

const text = readFileSync(0, 'utf8');
let report;
try {
  report = JSON.parse(text);
} catch {
  report = { error: { summary: text.trim().slice(0, 200) || 'no output' } };
}
if (report.error || !report.metadata) {
  const why = report.message ?? report.error?.summary ?? report.error?.code ?? 'no report';
  console.log(`npm audit: NOT CHECKED, the advisory service is unreachable (${why})`);
  process.exit(process.env.AUDIT_REQUIRED === '1' ? 1 : 0);
}
const counts = report.metadata?.vulnerabilities ?? {};
const serious = (counts.high ?? 0) + (counts.critical ?? 0);
console.log(`npm audit (run-time dependencies): ${JSON.stringify(counts)}`);
if (serious > 0) {
  for (const [name, v] of Object.entries(report.vulnerabilities ?? {}))
    if (v.severity === 'high' || v.severity === 'critical')
      console.log(`  ${v.severity}: ${name} ${v.range}`);
  process.exit(1);
}
