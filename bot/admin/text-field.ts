import { z } from 'zod';
import { storable } from '../text/storable-text';

/**
 * Text staff type that is stored (names): trimmed, 1..max characters, and without NUL or unpaired
 * surrogates, which PostgreSQL refuses: a 400 that says so instead of a failed insert.
 */
export const storedText = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((value) => storable(value) === value, 'must not contain NUL or unpaired UTF-16 surrogates');
