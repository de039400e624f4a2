import { randomBytes } from 'node:crypto';
import { Prisma, type PrismaClient } from '../db/generated/client.ts';
import type { StatsService } from '../stats/stats-service';
import { newSecret, sha256 } from './secrets';

export interface VolunteerLinks {
  telegram: string | null;
  zalo: string | null;
  web: string;
}

export interface VolunteerProgress {
  learners: number;
  learnersWithALesson: number;
  lessonsCompleted: number;
  coursesCompleted: number;
  active30Days: number;
}

const CODE_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** Short, unambiguous, easy to read aloud and type: "gv" + 6 characters. */
function newCode(): string {
  return `gv${[...randomBytes(6)].map((byte) => CODE_ALPHABET[byte % CODE_ALPHABET.length]).join('')}`;
}

export function createVolunteers(deps: {
  prisma: PrismaClient;
  publicUrl: string;
  telegramBotUsername?: string;
  zaloBotLink?: string;
  stats: StatsService;
}) {
  const { prisma } = deps;
  const links = (code: string): VolunteerLinks => ({
    telegram: deps.telegramBotUsername ? `https://t.me/${deps.telegramBotUsername}?start=${code}` : null,
    // Zalo bots take no start parameter in a link: the learner opens the bot and sends /start <code>.
    zalo: deps.zaloBotLink ?? null,
    web: `${deps.publicUrl}/?start=${encodeURIComponent(code)}`,
  });
  const viewLink = (token: string) => `${deps.publicUrl}/admin/volunteer/${token}`;

  async function progress(codes: string[]): Promise<Map<string, VolunteerProgress>> {
    if (codes.length === 0) return new Map();
    const rows = await deps.stats.referrals(codes.length === 1 ? { referral: codes[0] } : {});
    const wanted = new Set(codes);
    return new Map(
      rows
        .filter((row) => wanted.has(row.key))
        .map((row) => [
          row.key,
          {
            learners: row.newLearners,
            learnersWithALesson: row.learnersWithALesson,
            lessonsCompleted: row.lessonsCompleted,
            coursesCompleted: row.coursesCompleted,
            active30Days: row.activeLearners,
          },
        ]),
    );
  }
  const empty: VolunteerProgress = {
    learners: 0,
    learnersWithALesson: 0,
    lessonsCompleted: 0,
    coursesCompleted: 0,
    active30Days: 0,
  };

  return {
    links,
    async create(input: { name: string; province?: string; code?: string; createdBy: string }) {
      const token = newSecret('');
      for (let attempt = 0; ; attempt++) {
        const code = input.code ?? newCode();
        try {
          const volunteer = await prisma.volunteer.create({
            data: {
              code,
              name: input.name,
              province: input.province,
              createdBy: input.createdBy,
              viewTokenHash: sha256(token),
            },
          });
          return { ...volunteer, links: links(code), viewLink: viewLink(token) };
        } catch (error) {
          const taken = error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
          if (!taken || input.code || attempt > 3) throw error;
        }
      }
    },
    /** A new personal link; the old one stops working. */
    async renewViewLink(id: number) {
      const token = newSecret('');
      const updated = await prisma.volunteer.updateMany({
        where: { id },
        data: { viewTokenHash: sha256(token) },
      });
      return updated.count === 1 ? viewLink(token) : undefined;
    },
    async list(where: { id?: number } = {}) {
      const volunteers = await prisma.volunteer.findMany({ where, orderBy: { id: 'asc' } });
      const figures = await progress(volunteers.map((v) => v.code));
      return volunteers.map(({ viewTokenHash: _hash, ...v }) => ({
        ...v,
        links: links(v.code),
        progress: figures.get(v.code) ?? empty,
      }));
    },
    async byViewToken(token: string) {
      const volunteer = await prisma.volunteer.findUnique({ where: { viewTokenHash: sha256(token) } });
      if (!volunteer) return undefined;
      const figures = await progress([volunteer.code]);
      return {
        name: volunteer.name,
        code: volunteer.code,
        links: links(volunteer.code),
        progress: figures.get(volunteer.code) ?? empty,
      };
    },
  };
}

export type Volunteers = ReturnType<typeof createVolunteers>;
