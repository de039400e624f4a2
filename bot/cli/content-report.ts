import { loadConfig } from '../config';
import { contentReport } from '../content/content-report';
import { loadContent } from '../content/load-content';
import { formatContentError } from '../content/read-yaml';

const config = loadConfig();
const result = await loadContent(config.contentDir);
if (!result.ok) {
  for (const error of result.errors) console.error(formatContentError(error));
  console.error('content:report: fix the content first (npm run content:check)');
  process.exit(1);
}
console.log(contentReport(result.catalog, process.argv.includes('--en') ? 'en' : 'vi'));
