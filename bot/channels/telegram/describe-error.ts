import { GrammyError, HttpError } from 'grammy';
import { scrub } from '../../logger';

/**
 * A loggable description of a failed Bot API call. Raw grammY errors must not be logged: an
 * HttpError wraps the fetch error, whose message holds the request URL, and the token is in it.
 */
export function describeError(error: unknown, token: string): string {
  let text: string;
  if (error instanceof GrammyError) text = `${error.method}: ${error.error_code} ${error.description}`;
  else if (error instanceof HttpError) text = error.message;
  else if (error instanceof Error) text = `${error.name}: ${error.message}`;
  else text = 'unknown error';
  return scrub(text, [token]);
}
