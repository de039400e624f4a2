import OpenAI from 'openai';

export interface ModelReply {
  text: string;
  promptTokens: number;
  completionTokens: number;
  model: string;
}

/** The language model, as the answerer sees it. */
export interface ChatModel {
  readonly model: string;
  /** Resolves before `deadline` (epoch ms) or rejects with a ModelUnavailableError. */
  complete(request: { system: string; user: string }, deadline: number): Promise<ModelReply>;
}

export class ModelUnavailableError extends Error {
  constructor(
    readonly reason: 'timeout' | 'error',
    message: string,
  ) {
    super(message);
  }
}

export interface ChatModelOptions {
  apiKey: string;
  baseUrl: string;
  model: string;
  maxTokens: number;
  /** One attempt. */
  timeoutMs: number;
  maxRetries: number;
  now?: () => number;
}

const FIRST_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 4000;
/** Not worth starting an attempt with less time than this left. */
const MIN_ATTEMPT_MS = 1000;

/**
 * Chat completions through the openai SDK. Retries are ours, not the SDK's: the SDK sleeps
 * through any Retry-After however long, and a learner must hear back within the deadline. A 429
 * or 5xx is retried after Retry-After or an exponential backoff, only when that still fits.
 */
export function createChatModel(options: ChatModelOptions): ChatModel {
  const now = options.now ?? Date.now;
  const client = new OpenAI({ apiKey: options.apiKey, baseURL: options.baseUrl, maxRetries: 0 });

  async function attempt(request: { system: string; user: string }, timeoutMs: number): Promise<ModelReply> {
    const completion = await client.chat.completions.create(
      {
        model: options.model,
        messages: [
          { role: 'system', content: request.system },
          { role: 'user', content: request.user },
        ],
        max_tokens: options.maxTokens,
        temperature: 0.3,
      },
      { timeout: timeoutMs, maxRetries: 0 },
    );
    const text = completion.choices[0]?.message?.content?.trim() ?? '';
    if (!text) throw new ModelUnavailableError('error', 'the model returned no text');
    return {
      text,
      promptTokens: completion.usage?.prompt_tokens ?? 0,
      completionTokens: completion.usage?.completion_tokens ?? 0,
      model: completion.model || options.model,
    };
  }

  return {
    model: options.model,
    async complete(request, deadline) {
      for (let retry = 0; ; retry++) {
        const left = deadline - now();
        if (left < MIN_ATTEMPT_MS) throw new ModelUnavailableError('timeout', 'no time left for the model');
        try {
          return await attempt(request, Math.min(options.timeoutMs, left));
        } catch (error) {
          if (error instanceof ModelUnavailableError) throw error;
          if (error instanceof OpenAI.APIConnectionTimeoutError) {
            if (retry >= options.maxRetries)
              throw new ModelUnavailableError('timeout', 'the model timed out');
            continue;
          }
          const status = error instanceof OpenAI.APIError ? error.status : undefined;
          const retryable = status === undefined || status === 429 || status >= 500;
          if (!retryable || retry >= options.maxRetries) throw unavailable(error);
          const wait = waitBefore(error, retry);
          if (now() + wait + MIN_ATTEMPT_MS > deadline) throw unavailable(error);
          await new Promise((resolve) => setTimeout(resolve, wait));
        }
      }
    },
  };
}

function waitBefore(error: unknown, retry: number): number {
  const headers = error instanceof OpenAI.APIError ? error.headers : undefined;
  const ms = Number(headers?.get('retry-after-ms'));
  if (ms > 0) return ms;
  const seconds = Number(headers?.get('retry-after'));
  if (seconds > 0) return seconds * 1000;
  const backoff = Math.min(FIRST_BACKOFF_MS * 2 ** retry, MAX_BACKOFF_MS);
  return backoff / 2 + Math.random() * (backoff / 2);
}

function unavailable(error: unknown): ModelUnavailableError {
  const status = error instanceof OpenAI.APIError ? error.status : undefined;
  // Only the status and class: an error message may echo the request.
  return new ModelUnavailableError(
    'error',
    `model request failed (${status ?? (error as Error)?.name ?? 'unknown'})`,
  );
}
