-- AlterTable
ALTER TABLE "stats_rollup" ADD COLUMN     "until" TIMESTAMP(3);
