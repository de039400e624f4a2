import { z } from 'zod';

/** The body of every 4xx and 5xx: a stable code and a message people can read (Vietnamese / English). */
export const errorBody = z.object({ error: z.string(), message: z.string() });
