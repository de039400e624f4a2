-- CreateEnum
CREATE TYPE "Platform" AS ENUM ('web', 'telegram', 'zalo');

-- CreateEnum
CREATE TYPE "Audience" AS ENUM ('citizen', 'elder', 'student', 'civil_servant', 'worker', 'volunteer');

-- CreateTable
CREATE TABLE "learner" (
    "id" SERIAL NOT NULL,
    "platform" "Platform" NOT NULL,
    "platform_user_id" TEXT NOT NULL,
    "chat_id" TEXT,
    "display_name" TEXT,
    "language" TEXT NOT NULL DEFAULT 'vi',
    "province" TEXT,
    "audience" "Audience",
    "referral_code" TEXT,
    "consent_at" TIMESTAMP(3),
    "reminder_hour" INTEGER,
    "opted_out_at" TIMESTAMP(3),
    "unreachable_at" TIMESTAMP(3),
    "state" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_active_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "learner_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "enrolment" (
    "learner_id" INTEGER NOT NULL,
    "course_id" TEXT NOT NULL,
    "started_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completed_at" TIMESTAMP(3),

    CONSTRAINT "enrolment_pkey" PRIMARY KEY ("learner_id","course_id")
);

-- CreateTable
CREATE TABLE "lesson_progress" (
    "learner_id" INTEGER NOT NULL,
    "course_id" TEXT NOT NULL,
    "lesson_id" TEXT NOT NULL,
    "started_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completed_at" TIMESTAMP(3),
    "correct_count" INTEGER NOT NULL DEFAULT 0,
    "question_count" INTEGER NOT NULL DEFAULT 0,
    "attempts" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "lesson_progress_pkey" PRIMARY KEY ("learner_id","course_id","lesson_id")
);

-- CreateTable
CREATE TABLE "answer_event" (
    "id" BIGSERIAL NOT NULL,
    "learner_id" INTEGER NOT NULL,
    "course_id" TEXT NOT NULL,
    "lesson_id" TEXT NOT NULL,
    "question_id" TEXT NOT NULL,
    "chosen" TEXT NOT NULL,
    "correct" BOOLEAN NOT NULL,
    "is_retry" BOOLEAN NOT NULL DEFAULT false,
    "latency_ms" INTEGER,
    "platform" "Platform" NOT NULL,
    "province" TEXT,
    "audience" "Audience",
    "answered_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "answer_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "inbound_message" (
    "id" BIGSERIAL NOT NULL,
    "platform" "Platform" NOT NULL,
    "external_id" TEXT NOT NULL,
    "platform_user_id" TEXT NOT NULL,
    "payload" JSONB,
    "received_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processed_at" TIMESTAMP(3),

    CONSTRAINT "inbound_message_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "learner_province_audience_idx" ON "learner"("province", "audience");

-- CreateIndex
CREATE INDEX "learner_last_active_at_idx" ON "learner"("last_active_at");

-- CreateIndex
CREATE INDEX "learner_reminder_hour_idx" ON "learner"("reminder_hour");

-- CreateIndex
CREATE INDEX "learner_referral_code_idx" ON "learner"("referral_code");

-- CreateIndex
CREATE INDEX "learner_created_at_idx" ON "learner"("created_at");

-- CreateIndex
CREATE UNIQUE INDEX "learner_platform_platform_user_id_key" ON "learner"("platform", "platform_user_id");

-- CreateIndex
CREATE INDEX "enrolment_course_id_completed_at_idx" ON "enrolment"("course_id", "completed_at");

-- CreateIndex
CREATE INDEX "enrolment_started_at_idx" ON "enrolment"("started_at");

-- CreateIndex
CREATE INDEX "lesson_progress_course_id_lesson_id_completed_at_idx" ON "lesson_progress"("course_id", "lesson_id", "completed_at");

-- CreateIndex
CREATE INDEX "answer_event_answered_at_idx" ON "answer_event"("answered_at");

-- CreateIndex
CREATE INDEX "answer_event_learner_id_answered_at_idx" ON "answer_event"("learner_id", "answered_at");

-- CreateIndex
CREATE INDEX "answer_event_question_id_answered_at_idx" ON "answer_event"("question_id", "answered_at");

-- CreateIndex
CREATE INDEX "answer_event_province_answered_at_idx" ON "answer_event"("province", "answered_at");

-- CreateIndex
CREATE INDEX "answer_event_audience_answered_at_idx" ON "answer_event"("audience", "answered_at");

-- CreateIndex
CREATE INDEX "inbound_message_platform_platform_user_id_processed_at_idx" ON "inbound_message"("platform", "platform_user_id", "processed_at");

-- CreateIndex
CREATE INDEX "inbound_message_processed_at_received_at_idx" ON "inbound_message"("processed_at", "received_at");

-- CreateIndex
CREATE UNIQUE INDEX "inbound_message_platform_external_id_key" ON "inbound_message"("platform", "external_id");

-- AddForeignKey
ALTER TABLE "enrolment" ADD CONSTRAINT "enrolment_learner_id_fkey" FOREIGN KEY ("learner_id") REFERENCES "learner"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "lesson_progress" ADD CONSTRAINT "lesson_progress_learner_id_fkey" FOREIGN KEY ("learner_id") REFERENCES "learner"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "answer_event" ADD CONSTRAINT "answer_event_learner_id_fkey" FOREIGN KEY ("learner_id") REFERENCES "learner"("id") ON DELETE CASCADE ON UPDATE CASCADE;
