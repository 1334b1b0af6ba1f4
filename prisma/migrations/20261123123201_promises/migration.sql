-- CreateEnum
CREATE TYPE "PostedRequestStatus" AS ENUM ('open', 'closed');

-- AlterEnum
ALTER TYPE "RequestStatus" ADD VALUE 'expired';

-- AlterTable
ALTER TABLE "outbox_messages" ADD COLUMN     "after" TEXT,
ADD COLUMN     "lease_token" UUID,
ADD COLUMN     "progress" JSONB NOT NULL DEFAULT '{}';

-- CreateTable
CREATE TABLE "send_pacing" (
    "platform" "Platform" NOT NULL,
    "next_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "send_pacing_pkey" PRIMARY KEY ("platform")
);

-- CreateTable
CREATE TABLE "posted_requests" (
    "id" UUID NOT NULL,
    "community_id" UUID NOT NULL,
    "mentee_id" UUID NOT NULL,
    "note" TEXT,
    "status" "PostedRequestStatus" NOT NULL DEFAULT 'open',
    "message_key" TEXT NOT NULL,
    "revision" INTEGER NOT NULL DEFAULT 0,
    "posted_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "closed_at" TIMESTAMPTZ(3),

    CONSTRAINT "posted_requests_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "posted_requests_community_id_status_idx" ON "posted_requests"("community_id", "status");

-- CreateIndex
CREATE UNIQUE INDEX "posted_requests_one_open" ON "posted_requests"("mentee_id") WHERE (status = 'open');

-- CreateIndex
CREATE UNIQUE INDEX "mentorship_requests_one_open" ON "mentorship_requests"("mentee_id", "mentor_id") WHERE (status = 'pending') OR (status = 'offered');

-- CreateIndex
CREATE UNIQUE INDEX "pairs_one_active_per_mentee" ON "pairs"("mentee_id") WHERE (status = 'active');

-- AddForeignKey
ALTER TABLE "posted_requests" ADD CONSTRAINT "posted_requests_mentee_id_fkey" FOREIGN KEY ("mentee_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE CASCADE;
