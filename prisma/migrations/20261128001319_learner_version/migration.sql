-- AlterTable
ALTER TABLE "learner" ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 0;
