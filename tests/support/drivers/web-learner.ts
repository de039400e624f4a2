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

/**
 * A learner in the web chat: types text or presses a choice button (which sends its `reply`). Like
 * an API client, it names its session and keeps the one the server answers with (without a token
 * the server issued, the first answer brings a new one).
 */
export function createWebLearner(options: { url: string; session?: string }) {
  let latest: WireReply[] = [];
  let session = options.session ?? 'not-issued-yet';
  async function post(text: string): Promise<SeenReply[]> {
    const response = await fetch(`${options.url}/api/web-chat/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ session, text }),
    });
    if (!response.ok) throw new Error(`web chat answered ${response.status}: ${await response.text()}`);
    const body = (await response.json()) as { replies: WireReply[]; session?: string };
    if (!body.session) throw new Error('the web chat answered without the session');
    session = body.session;
    latest = body.replies;
    return latest.map((reply) => ({
      text: reply.text,
      choices: reply.choices?.map(unnumbered) ?? [],
    }));
  }
  return {
    /** The session token in use (the server's). */
    session: () => session,
    say: post,
    async choose(n: number): Promise<SeenReply[]> {
      const prompt = [...latest].reverse().find((reply) => reply.choices?.length);
      const choice = prompt?.choices?.[n - 1];
      if (!choice) throw new Error(`no choice ${n} in the latest prompt`);
      return post(choice.reply);
    },
  };
}
