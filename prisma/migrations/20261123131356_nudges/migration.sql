-- CreateEnum
CREATE TYPE "CheckInAnswer" AS ENUM ('met', 'not_yet', 'need_help');

-- AlterEnum
ALTER TYPE "PairStatus" ADD VALUE 'paused';

-- AlterTable
ALTER TABLE "members" ADD COLUMN     "nudge_opt_out" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "quiet_from" SMALLINT,
ADD COLUMN     "quiet_to" SMALLINT,
ADD COLUMN     "snoozed_until" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "pairs" ADD COLUMN     "end_reason" TEXT,
ADD COLUMN     "extended_months" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "last_met_at" TIMESTAMPTZ(3),
ADD COLUMN     "silent_check_ins" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "check_ins" (
    "id" UUID NOT NULL,
    "pair_id" UUID NOT NULL,
    "due_on" DATE NOT NULL,
    "answer" "CheckInAnswer",
    "answered_by_id" UUID,
    "answered_at" TIMESTAMPTZ(3),
    "taken_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "check_ins_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "program_feedback" (
    "id" UUID NOT NULL,
    "pair_id" UUID NOT NULL,
    "member_id" UUID NOT NULL,
    "rating" SMALLINT NOT NULL,
    "went_well" TEXT,
    "would_recommend" BOOLEAN NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "program_feedback_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "community_reminders" (
    "id" UUID NOT NULL,
    "community_id" UUID NOT NULL,
    "channel_id" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "schedule" TEXT NOT NULL,
    "cron" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "community_reminders_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "check_ins_due_on_idx" ON "check_ins"("due_on");

-- CreateIndex
CREATE UNIQUE INDEX "check_ins_pair_id_due_on_key" ON "check_ins"("pair_id", "due_on");

-- CreateIndex
CREATE UNIQUE INDEX "program_feedback_pair_id_member_id_key" ON "program_feedback"("pair_id", "member_id");

-- CreateIndex
CREATE INDEX "community_reminders_community_id_idx" ON "community_reminders"("community_id");

-- AddForeignKey
ALTER TABLE "check_ins" ADD CONSTRAINT "check_ins_pair_id_fkey" FOREIGN KEY ("pair_id") REFERENCES "pairs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "check_ins" ADD CONSTRAINT "check_ins_answered_by_id_fkey" FOREIGN KEY ("answered_by_id") REFERENCES "members"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "program_feedback" ADD CONSTRAINT "program_feedback_pair_id_fkey" FOREIGN KEY ("pair_id") REFERENCES "pairs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "program_feedback" ADD CONSTRAINT "program_feedback_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE CASCADE;
