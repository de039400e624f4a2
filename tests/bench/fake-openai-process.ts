import { startFakeOpenAiServer } from '../fakes/fake-openai-server';

/** The fake OpenAI server in its own process, so a bench's CPU figures are the app's alone. */
const fake = await startFakeOpenAiServer();
process.stdout.write(`${fake.url}\n`);
process.on('SIGTERM', () => {
  void fake.close().then(() => process.exit(0));
});
