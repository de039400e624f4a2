import type { App } from '../../bot/app';
import { createWebSessions, type WebSession, type WebSessions } from '../../bot/channels/web/web-session';
import { loadAppSecret } from '../../bot/store/app-secret';

/** The app's own session signer (its key from the database). */
export async function webSessionsOf(app: App): Promise<WebSessions> {
  return createWebSessions(await loadAppSecret(app.db.prisma, 'web-session'));
}

/** A session token as the app issues it, and the learner id it stands for. */
export async function issueWebSession(app: App): Promise<WebSession> {
  return (await webSessionsOf(app)).issue();
}
