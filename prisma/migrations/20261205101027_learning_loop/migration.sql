-- DropIndex
DROP INDEX "learner_reminder_hour_idx";

-- AlterTable
ALTER TABLE "learner" ADD COLUMN     "streak" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "study_day" DATE;

-- CreateTable
CREATE TABLE "reminder_tick" (
    "day" DATE NOT NULL,
    "hour" SMALLINT NOT NULL,
    "done_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "reminder_tick_pkey" PRIMARY KEY ("day","hour")
);

-- CreateTable
CREATE TABLE "certificate" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "learner_id" INTEGER NOT NULL,
    "course_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "issued_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revoked_at" TIMESTAMP(3),

    CONSTRAINT "certificate_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "certificate_code_key" ON "certificate"("code");

-- CreateIndex
CREATE UNIQUE INDEX "certificate_learner_id_course_id_key" ON "certificate"("learner_id", "course_id");

-- CreateIndex
CREATE INDEX "learner_reminder_hour_study_day_id_idx" ON "learner"("reminder_hour", "study_day", "id");

-- AddForeignKey
ALTER TABLE "certificate" ADD CONSTRAINT "certificate_learner_id_fkey" FOREIGN KEY ("learner_id") REFERENCES "learner"("id") ON DELETE CASCADE ON UPDATE CASCADE;
