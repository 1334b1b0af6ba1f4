-- CreateEnum
CREATE TYPE "RequestStatus" AS ENUM ('pending', 'offered', 'accepted', 'declined', 'cancelled');

-- CreateEnum
CREATE TYPE "PairStatus" AS ENUM ('active', 'ended');

-- CreateTable
CREATE TABLE "mentorship_requests" (
    "id" UUID NOT NULL,
    "community_id" UUID NOT NULL,
    "mentee_id" UUID NOT NULL,
    "mentor_id" UUID NOT NULL,
    "status" "RequestStatus" NOT NULL DEFAULT 'pending',
    "message" TEXT,
    "volunteered" BOOLEAN NOT NULL DEFAULT false,
    "decline_reason" TEXT,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "answered_at" TIMESTAMPTZ(3),
    "closed_at" TIMESTAMPTZ(3),

    CONSTRAINT "mentorship_requests_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "pairs" (
    "id" UUID NOT NULL,
    "community_id" UUID NOT NULL,
    "mentee_id" UUID NOT NULL,
    "mentor_id" UUID NOT NULL,
    "request_id" UUID,
    "status" "PairStatus" NOT NULL DEFAULT 'active',
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "ended_at" TIMESTAMPTZ(3),

    CONSTRAINT "pairs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "blocks" (
    "blocker_id" UUID NOT NULL,
    "blocked_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "blocks_pkey" PRIMARY KEY ("blocker_id","blocked_id")
);

-- CreateTable
CREATE TABLE "cohort_rounds" (
    "id" UUID NOT NULL,
    "community_id" UUID NOT NULL,
    "started_by_id" UUID,
    "summary" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "cohort_rounds_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "featured_suggestions" (
    "round_id" UUID NOT NULL,
    "mentee_id" UUID NOT NULL,
    "mentor_id" UUID NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "featured_suggestions_pkey" PRIMARY KEY ("round_id","mentee_id")
);

-- CreateIndex
CREATE INDEX "mentorship_requests_mentee_id_status_idx" ON "mentorship_requests"("mentee_id", "status");

-- CreateIndex
CREATE INDEX "mentorship_requests_mentor_id_status_idx" ON "mentorship_requests"("mentor_id", "status");

-- CreateIndex
CREATE INDEX "mentorship_requests_community_id_status_expires_at_idx" ON "mentorship_requests"("community_id", "status", "expires_at");

-- CreateIndex
CREATE UNIQUE INDEX "pairs_request_id_key" ON "pairs"("request_id");

-- CreateIndex
CREATE INDEX "pairs_mentor_id_status_idx" ON "pairs"("mentor_id", "status");

-- CreateIndex
CREATE INDEX "pairs_mentee_id_status_idx" ON "pairs"("mentee_id", "status");

-- CreateIndex
CREATE INDEX "blocks_blocked_id_idx" ON "blocks"("blocked_id");

-- CreateIndex
CREATE INDEX "cohort_rounds_community_id_created_at_idx" ON "cohort_rounds"("community_id", "created_at");

-- AddForeignKey
ALTER TABLE "mentorship_requests" ADD CONSTRAINT "mentorship_requests_mentee_id_fkey" FOREIGN KEY ("mentee_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "mentorship_requests" ADD CONSTRAINT "mentorship_requests_mentor_id_fkey" FOREIGN KEY ("mentor_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pairs" ADD CONSTRAINT "pairs_mentee_id_fkey" FOREIGN KEY ("mentee_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pairs" ADD CONSTRAINT "pairs_mentor_id_fkey" FOREIGN KEY ("mentor_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "blocks" ADD CONSTRAINT "blocks_blocker_id_fkey" FOREIGN KEY ("blocker_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "blocks" ADD CONSTRAINT "blocks_blocked_id_fkey" FOREIGN KEY ("blocked_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "featured_suggestions" ADD CONSTRAINT "featured_suggestions_round_id_fkey" FOREIGN KEY ("round_id") REFERENCES "cohort_rounds"("id") ON DELETE CASCADE ON UPDATE CASCADE;
