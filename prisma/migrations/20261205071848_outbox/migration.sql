-- CreateEnum
CREATE TYPE "OutboxStatus" AS ENUM ('pending', 'sent', 'blocked', 'failed');

-- CreateTable
CREATE TABLE "outbound_message" (
    "id" BIGSERIAL NOT NULL,
    "platform" "Platform" NOT NULL,
    "chat_id" TEXT NOT NULL,
    "learner_id" INTEGER,
    "inbound_id" BIGINT,
    "priority" SMALLINT NOT NULL DEFAULT 0,
    "replies" JSONB NOT NULL,
    "status" "OutboxStatus" NOT NULL DEFAULT 'pending',
    "error" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lease_until" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMP(3),

    CONSTRAINT "outbound_message_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "outbound_message_status_lease_until_idx" ON "outbound_message"("status", "lease_until");

-- CreateIndex
CREATE INDEX "outbound_message_platform_chat_id_status_idx" ON "outbound_message"("platform", "chat_id", "status");

-- CreateIndex
CREATE INDEX "outbound_message_inbound_id_idx" ON "outbound_message"("inbound_id");

-- CreateIndex
CREATE INDEX "outbound_message_learner_id_idx" ON "outbound_message"("learner_id");

-- CreateIndex
CREATE INDEX "outbound_message_created_at_idx" ON "outbound_message"("created_at");

-- AddForeignKey
ALTER TABLE "outbound_message" ADD CONSTRAINT "outbound_message_learner_id_fkey" FOREIGN KEY ("learner_id") REFERENCES "learner"("id") ON DELETE CASCADE ON UPDATE CASCADE;
