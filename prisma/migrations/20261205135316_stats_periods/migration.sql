-- The rollup tables change shape (month and all-time rows, six grouping sets): the stats-rollup
-- job writes them again from the base tables, from the first day on. Until it has, statistics
-- are computed live from the base tables (correct, slower).
DELETE FROM "stats_rollup";

-- AlterTable
ALTER TABLE "stats_rollup" ADD COLUMN     "first_day" DATE,
ADD COLUMN     "totals_through" DATE;

-- DropTable
DROP TABLE "stats_day";

-- DropTable
DROP TABLE "stats_funnel_day";

-- DropTable
DROP TABLE "stats_question_day";

-- DropTable
DROP TABLE "stats_referral_day";

-- DropTable
DROP TABLE "stats_referral_total";

-- DropTable
DROP TABLE "stats_wrong_choice_day";

-- CreateTable
CREATE TABLE "stats_activity" (
    "grp" SMALLINT NOT NULL,
    "period" TEXT NOT NULL,
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

    CONSTRAINT "stats_activity_pkey" PRIMARY KEY ("grp","period","day","province","audience","platform")
);

-- CreateTable
CREATE TABLE "stats_question" (
    "grp" SMALLINT NOT NULL,
    "period" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "province" TEXT NOT NULL,
    "audience" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "question_id" TEXT NOT NULL,
    "answers" INTEGER NOT NULL,
    "correct" INTEGER NOT NULL,
    "first_try" INTEGER NOT NULL,
    "first_try_correct" INTEGER NOT NULL,

    CONSTRAINT "stats_question_pkey" PRIMARY KEY ("grp","period","day","province","audience","platform","question_id")
);

-- CreateTable
CREATE TABLE "stats_wrong_choice" (
    "grp" SMALLINT NOT NULL,
    "period" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "province" TEXT NOT NULL,
    "audience" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "question_id" TEXT NOT NULL,
    "chosen" TEXT NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "stats_wrong_choice_pkey" PRIMARY KEY ("grp","period","day","province","audience","platform","question_id","chosen")
);

-- CreateTable
CREATE TABLE "stats_funnel" (
    "grp" SMALLINT NOT NULL,
    "period" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "province" TEXT NOT NULL,
    "audience" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "course_id" TEXT NOT NULL,
    "lesson_id" TEXT NOT NULL,
    "started" INTEGER NOT NULL,
    "completed" INTEGER NOT NULL,

    CONSTRAINT "stats_funnel_pkey" PRIMARY KEY ("grp","period","day","province","audience","platform","course_id","lesson_id")
);

-- CreateTable
CREATE TABLE "stats_referral" (
    "grp" SMALLINT NOT NULL,
    "period" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "province" TEXT NOT NULL,
    "audience" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "referral" TEXT NOT NULL,
    "new_learners" INTEGER NOT NULL,
    "first_lessons" INTEGER NOT NULL,
    "lessons_completed" INTEGER NOT NULL,
    "courses_completed" INTEGER NOT NULL,

    CONSTRAINT "stats_referral_pkey" PRIMARY KEY ("grp","period","day","province","audience","platform","referral")
);
