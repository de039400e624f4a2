-- CreateEnum
CREATE TYPE "CampaignStatus" AS ENUM ('draft', 'scheduled', 'sending', 'paused', 'done', 'cancelled');

-- CreateEnum
CREATE TYPE "DeliveryStatus" AS ENUM ('waiting', 'queued', 'sent', 'failed', 'skipped', 'unknown');

-- AlterEnum
ALTER TYPE "OutboxStatus" ADD VALUE 'unknown';

-- AlterTable
ALTER TABLE "outbound_message" ADD COLUMN     "campaign_id" INTEGER;

-- CreateTable
CREATE TABLE "campaign" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "segment" JSONB NOT NULL,
    "choices" JSONB NOT NULL DEFAULT '[]',
    "image_url" TEXT,
    "send_at" TIMESTAMP(3),
    "local_hour" INTEGER,
    "status" "CampaignStatus" NOT NULL DEFAULT 'draft',
    "recipients" INTEGER NOT NULL DEFAULT 0,
    "cursor" INTEGER NOT NULL DEFAULT 0,
    "paged" BOOLEAN NOT NULL DEFAULT false,
    "lease_until" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "held_for" TEXT,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMP(3),
    "finished_at" TIMESTAMP(3),

    CONSTRAINT "campaign_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "campaign_delivery" (
    "campaign_id" INTEGER NOT NULL,
    "learner_id" INTEGER NOT NULL,
    "status" "DeliveryStatus" NOT NULL DEFAULT 'queued',
    "reason" TEXT,
    "error" TEXT,
    "engaged_at" TIMESTAMP(3),
    "attempts" INTEGER NOT NULL DEFAULT 1,
    "queued_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "done_at" TIMESTAMP(3),

    CONSTRAINT "campaign_delivery_pkey" PRIMARY KEY ("campaign_id","learner_id")
);

-- CreateIndex
CREATE INDEX "campaign_status_idx" ON "campaign"("status");

-- CreateIndex
CREATE INDEX "campaign_delivery_campaign_id_status_idx" ON "campaign_delivery"("campaign_id", "status");

-- CreateIndex
CREATE INDEX "campaign_delivery_learner_id_idx" ON "campaign_delivery"("learner_id");

-- AddForeignKey
ALTER TABLE "campaign_delivery" ADD CONSTRAINT "campaign_delivery_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "campaign_delivery" ADD CONSTRAINT "campaign_delivery_learner_id_fkey" FOREIGN KEY ("learner_id") REFERENCES "learner"("id") ON DELETE CASCADE ON UPDATE CASCADE;
