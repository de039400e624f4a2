-- AlterTable
ALTER TABLE "stats_rollup" ADD COLUMN     "active_until" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "stats_active_learner" (
    "id" SERIAL NOT NULL,
    "learner_id" INTEGER,
    "last_day" DATE NOT NULL,
    "province" TEXT NOT NULL,
    "audience" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "referral" TEXT,

    CONSTRAINT "stats_active_learner_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "stats_active_day" (
    "grp" SMALLINT NOT NULL,
    "referral" TEXT NOT NULL,
    "province" TEXT NOT NULL,
    "audience" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "learners" INTEGER NOT NULL,

    CONSTRAINT "stats_active_day_pkey" PRIMARY KEY ("grp","referral","province","audience","platform","day")
);

-- CreateIndex
CREATE UNIQUE INDEX "stats_active_learner_learner_id_key" ON "stats_active_learner"("learner_id");

-- AddForeignKey
ALTER TABLE "stats_active_learner" ADD CONSTRAINT "stats_active_learner_learner_id_fkey" FOREIGN KEY ("learner_id") REFERENCES "learner"("id") ON DELETE SET NULL ON UPDATE CASCADE;
