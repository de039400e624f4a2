-- CreateEnum
CREATE TYPE "AiAnswerSource" AS ENUM ('ai', 'lessons');

-- CreateEnum
CREATE TYPE "AiRating" AS ENUM ('up', 'down');

-- CreateTable
CREATE TABLE "ai_answer" (
    "id" BIGSERIAL NOT NULL,
    "learner_id" INTEGER NOT NULL,
    "language" TEXT NOT NULL,
    "question" TEXT NOT NULL,
    "answer" TEXT NOT NULL,
    "passages" JSONB NOT NULL,
    "course_id" TEXT,
    "lesson_id" TEXT,
    "source" "AiAnswerSource" NOT NULL,
    "fallback_reason" TEXT,
    "personal_data" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "model" TEXT,
    "prompt_tokens" INTEGER NOT NULL DEFAULT 0,
    "completion_tokens" INTEGER NOT NULL DEFAULT 0,
    "tokens" INTEGER NOT NULL DEFAULT 0,
    "cost_usd" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "latency_ms" INTEGER NOT NULL,
    "rating" "AiRating",
    "rated_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ai_answer_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ai_answer_learner_id_created_at_idx" ON "ai_answer"("learner_id", "created_at");

-- CreateIndex
CREATE INDEX "ai_answer_created_at_idx" ON "ai_answer"("created_at");

-- AddForeignKey
ALTER TABLE "ai_answer" ADD CONSTRAINT "ai_answer_learner_id_fkey" FOREIGN KEY ("learner_id") REFERENCES "learner"("id") ON DELETE CASCADE ON UPDATE CASCADE;
