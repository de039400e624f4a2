-- DropIndex
DROP INDEX "outbound_message_created_at_idx";

-- DropIndex
DROP INDEX "outbound_message_platform_chat_id_status_idx";

-- DropIndex
DROP INDEX "outbound_message_status_lease_until_idx";

-- CreateIndex
CREATE INDEX "outbound_message_platform_chat_id_idx" ON "outbound_message"("platform", "chat_id") WHERE ("status" = 'pending');

-- CreateIndex
CREATE INDEX "outbound_message_created_at_idx" ON "outbound_message" USING BRIN ("created_at");
