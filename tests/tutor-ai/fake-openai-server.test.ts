import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAiServer } from '../fakes/fake-openai-server';

let fake: Awaited<ReturnType<typeof startFakeOpenAiServer>>;
let client: OpenAI;

beforeAll(async () => {
  fake = await startFakeOpenAiServer();
  client = new OpenAI({ apiKey: 'sk-test', baseURL: fake.url, maxRetries: 0 });
});
afterAll(() => fake.close());

describe('fake OpenAI server', () => {
  it('streams a chat completion the SDK reads, with usage at the end', async () => {
    fake.next({ kind: 'reply', text: 'Xin chào! Mình giúp gì được cho bạn về Wi-Fi?' });
    const stream = await client.chat.completions.create({
      model: 'gpt-test',
      messages: [{ role: 'user', content: 'chào' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let completionTokens = 0;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta?.content ?? '';
      if (chunk.usage) completionTokens = chunk.usage.completion_tokens;
    }
    expect(text).toBe('Xin chào! Mình giúp gì được cho bạn về Wi-Fi?');
    expect(completionTokens).toBeGreaterThan(0);
  });

  it('answers 429 with Retry-After and 500 as the SDK expects', async () => {
    fake.next({ kind: 'fail', status: 429, retryAfter: 7 }, { kind: 'fail', status: 500 });
    const ask = () =>
      client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] });
    const limited = await ask().catch((error: unknown) => error);
    expect(limited).toBeInstanceOf(OpenAI.RateLimitError);
    expect((limited as InstanceType<typeof OpenAI.RateLimitError>).headers?.get('retry-after')).toBe('7');
    expect(await ask().catch((error: unknown) => error)).toBeInstanceOf(OpenAI.InternalServerError);
    expect((await ask()).choices[0]?.message.content).toBeTruthy();
  });
});
