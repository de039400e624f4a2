-- CreateEnum
CREATE TYPE "StaffRole" AS ENUM ('admin', 'staff', 'supervisor');

-- CreateTable
CREATE TABLE "api_key" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "role" "StaffRole" NOT NULL,
    "provinces" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "hash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "created_by" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMP(3),
    "revoked_at" TIMESTAMP(3),

    CONSTRAINT "api_key_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_log" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "target" TEXT,
    "details" JSONB,

    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "volunteer" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "province" TEXT,
    "view_token_hash" TEXT NOT NULL,
    "created_by" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "volunteer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "stats_day" (
    "grp" SMALLINT NOT NULL,
    "day" DATE NOT NULL,
    "province" TEXT NOT NULL,
    "audience" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "new_learners" INTEGER NOT NULL,
    "active_learners" INTEGER NOT NULL,
    "answers" INTEGER NOT NULL,
    "first_try" INTEGER NOT NULL,
    "first_try_correct" INTEGER NOT NULL,
    "lessons_started" INTEGER NOT NULL,
    "lessons_completed" INTEGER NOT NULL,
    "courses_started" INTEGER NOT NULL,
    "courses_completed" INTEGER NOT NULL,

    CONSTRAINT "stats_day_pkey" PRIMARY KEY ("grp","province","audience","platform","day")
);

-- CreateTable
CREATE TABLE "stats_question_day" (
    "grp" SMALLINT NOT NULL,
    "day" DATE NOT NULL,
    "province" TEXT NOT NULL,
    "audience" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "question_id" TEXT NOT NULL,
    "answers" INTEGER NOT NULL,
    "correct" INTEGER NOT NULL,
    "first_try" INTEGER NOT NULL,
    "first_try_correct" INTEGER NOT NULL,

    CONSTRAINT "stats_question_day_pkey" PRIMARY KEY ("grp","province","audience","platform","day","question_id")
);

-- CreateTable
CREATE TABLE "stats_wrong_choice_day" (
    "grp" SMALLINT NOT NULL,
    "day" DATE NOT NULL,
    "province" TEXT NOT NULL,
    "audience" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "question_id" TEXT NOT NULL,
    "chosen" TEXT NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "stats_wrong_choice_day_pkey" PRIMARY KEY ("grp","province","audience","platform","day","question_id","chosen")
);

-- CreateTable
CREATE TABLE "stats_funnel_day" (
    "grp" SMALLINT NOT NULL,
    "day" DATE NOT NULL,
    "province" TEXT NOT NULL,
    "audience" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "course_id" TEXT NOT NULL,
    "lesson_id" TEXT NOT NULL,
    "started" INTEGER NOT NULL,
    "completed" INTEGER NOT NULL,

    CONSTRAINT "stats_funnel_day_pkey" PRIMARY KEY ("grp","province","audience","platform","day","course_id","lesson_id")
);

-- CreateTable
CREATE TABLE "stats_referral_day" (
    "grp" SMALLINT NOT NULL,
    "day" DATE NOT NULL,
    "province" TEXT NOT NULL,
    "audience" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "referral" TEXT NOT NULL,
    "new_learners" INTEGER NOT NULL,
    "first_lessons" INTEGER NOT NULL,
    "lessons_completed" INTEGER NOT NULL,
    "courses_completed" INTEGER NOT NULL,

    CONSTRAINT "stats_referral_day_pkey" PRIMARY KEY ("grp","province","audience","platform","day","referral")
);

-- CreateTable
CREATE TABLE "stats_referral_total" (
    "grp" SMALLINT NOT NULL,
    "province" TEXT NOT NULL,
    "audience" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "referral" TEXT NOT NULL,
    "new_learners" INTEGER NOT NULL,
    "first_lessons" INTEGER NOT NULL,
    "lessons_completed" INTEGER NOT NULL,
    "courses_completed" INTEGER NOT NULL,

    CONSTRAINT "stats_referral_total_pkey" PRIMARY KEY ("grp","province","audience","platform","referral")
);

-- CreateTable
CREATE TABLE "stats_rollup" (
    "id" INTEGER NOT NULL,
    "through" DATE NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "stats_rollup_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "api_key_hash_key" ON "api_key"("hash");

-- CreateIndex
CREATE INDEX "audit_log_at_idx" ON "audit_log"("at");

-- CreateIndex
CREATE UNIQUE INDEX "volunteer_code_key" ON "volunteer"("code");

-- CreateIndex
CREATE UNIQUE INDEX "volunteer_view_token_hash_key" ON "volunteer"("view_token_hash");

-- CreateIndex
CREATE INDEX "enrolment_completed_at_idx" ON "enrolment"("completed_at");

-- CreateIndex
CREATE INDEX "lesson_progress_started_at_idx" ON "lesson_progress"("started_at");

-- CreateIndex
CREATE INDEX "lesson_progress_completed_at_idx" ON "lesson_progress"("completed_at");
