import { z } from 'zod';

export const AUDIENCES = ['citizen', 'elder', 'student', 'civil_servant', 'worker', 'volunteer'] as const;
export const PLATFORMS = ['web', 'telegram', 'zalo'] as const;
export const GROUP_BYS = ['day', 'week', 'month', 'province', 'audience', 'platform', 'referral'] as const;
export type GroupBy = (typeof GROUP_BYS)[number];

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')
  .refine((value) => {
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
  }, 'a real date');

/** Query parameters every statistics route accepts. Values reach SQL only as parameters. */
export const statsQuerySchema = z.object({
  from: day.optional().describe('first local day (TIMEZONE), inclusive'),
  to: day.optional().describe('last local day, inclusive (default: today)'),
  province: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .describe('province name as in content/provinces.yaml (or its code)'),
  audience: z.enum(AUDIENCES).optional(),
  platform: z.enum(PLATFORMS).optional(),
  referral: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/)
    .optional()
    .describe('referral code given with /start'),
  format: z.enum(['json', 'csv']).optional().describe('csv: UTF-8 with BOM (also with Accept: text/csv)'),
});
export type StatsQuery = z.infer<typeof statsQuerySchema>;

/** Filters after checking the caller's rights: provinces are codes, a list for limited supervisors. */
export interface StatsFilters {
  from?: string;
  to?: string;
  provinces?: string[];
  audience?: (typeof AUDIENCES)[number];
  platform?: (typeof PLATFORMS)[number];
  referral?: string;
}
