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

/** A learner in the web chat: types text or presses a choice button (which sends its `reply`). */
export function createWebLearner(options: { url: string; session: string }) {
  let latest: WireReply[] = [];
  async function post(text: string): Promise<SeenReply[]> {
    const response = await fetch(`${options.url}/api/web-chat/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ session: options.session, text }),
    });
    if (!response.ok) throw new Error(`web chat answered ${response.status}: ${await response.text()}`);
    latest = ((await response.json()) as { replies: WireReply[] }).replies;
    return latest.map((reply) => ({
      text: reply.text,
      choices: reply.choices?.map(unnumbered) ?? [],
    }));
  }
  return {
    say: post,
    async choose(n: number): Promise<SeenReply[]> {
      const prompt = [...latest].reverse().find((reply) => reply.choices?.length);
      const choice = prompt?.choices?.[n - 1];
      if (!choice) throw new Error(`no choice ${n} in the latest prompt`);
      return post(choice.reply);
    },
  };
}
