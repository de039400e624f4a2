export interface SeenReply {
  text: string;
  choices: string[];
}

interface WireReply {
  text: string;
  choices?: { label: string; reply: string }[];
}

/** Buttons show their number ("2. Khóa thử") so "type the number" hints make sense: checked here, then dropped. */
function unnumbered(choice: { label: string }, index: number): string {
  const prefix = `${index + 1}. `;
  if (!choice.label.startsWith(prefix))
    throw new Error(`choice "${choice.label}" does not start with "${prefix}"`);
  return choice.label.slice(prefix.length);
}

/** A choice prompt as the page shows it: its buttons keep their `reply` however old the prompt gets. */
export type WebPrompt = { label: string; reply: string }[];

/**
 * A learner in the web chat: types text or presses a choice button (which sends its `reply`). The
 * answer comes in the HTTP response, so every call returns exactly the replies to that message. A
 * `messageId` is the page's own id for the message (sent again, it gets the stored answer). Like
 * an API client, it names its session and keeps the one the server answers with (without a token
 * the server issued, the first answer brings a new one).
 */
export function createWebLearner(options: { url: string; session?: string }) {
  let latest: WireReply[] = [];
  let session = options.session ?? 'not-issued-yet';
  async function post(text: string, messageId?: string): Promise<SeenReply[]> {
    const response = await fetch(`${options.url}/api/web-chat/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ session, text, ...(messageId ? { messageId } : {}) }),
    });
    if (!response.ok) throw new Error(`web chat answered ${response.status}: ${await response.text()}`);
    const body = (await response.json()) as { replies: WireReply[]; session?: string };
    if (!body.session) throw new Error('the web chat answered without the session');
    session = body.session;
    if (body.replies.some((reply) => reply.choices?.length)) latest = body.replies;
    return body.replies.map((reply) => ({
      text: reply.text,
      choices: reply.choices?.map(unnumbered) ?? [],
    }));
  }
  function latestPrompt(): WebPrompt {
    const prompt = [...latest].reverse().find((reply) => reply.choices?.length)?.choices;
    if (!prompt) throw new Error('no choices shown yet');
    return prompt;
  }
  return {
    /** The session token in use (the server's). */
    session: () => session,
    say: (text: string) => post(text),
    /** Sends text with the page's message id. */
    send: post,
    latestPrompt,
    /** Presses choice `n` of `prompt`, by default the latest one shown. */
    async choose(n: number, prompt: WebPrompt = latestPrompt()): Promise<SeenReply[]> {
      const choice = prompt[n - 1];
      if (!choice) throw new Error(`no choice ${n} in the prompt`);
      return post(choice.reply);
    },
  };
}
