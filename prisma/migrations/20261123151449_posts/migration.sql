-- CreateEnum
CREATE TYPE "SubmissionStatus" AS ENUM ('pending', 'changes_requested', 'approved', 'rejected', 'withdrawn', 'published');

-- CreateEnum
CREATE TYPE "ChallengeStatus" AS ENUM ('open', 'closed', 'cancelled');

-- CreateTable
CREATE TABLE "stored_files" (
    "sha256" TEXT NOT NULL,
    "mime" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "bytes" BYTEA NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "stored_files_pkey" PRIMARY KEY ("sha256")
);

-- CreateTable
CREATE TABLE "submissions" (
    "id" UUID NOT NULL,
    "community_id" UUID NOT NULL,
    "author_id" UUID NOT NULL,
    "category" TEXT NOT NULL,
    "caption" TEXT NOT NULL,
    "image_sha256" TEXT,
    "image_name" TEXT,
    "image_mime" TEXT,
    "credit" TEXT NOT NULL,
    "credit_handle" TEXT,
    "consent" TEXT NOT NULL,
    "status" "SubmissionStatus" NOT NULL DEFAULT 'pending',
    "revision" INTEGER NOT NULL DEFAULT 0,
    "decided_by_id" UUID,
    "decided_at" TIMESTAMPTZ(3),
    "decision_note" TEXT,
    "queue_rank" DOUBLE PRECISION,
    "published_on" DATE,
    "publish_slot" INTEGER,
    "published_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "submissions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "publication_skips" (
    "community_id" UUID NOT NULL,
    "day" DATE NOT NULL,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "publication_skips_pkey" PRIMARY KEY ("community_id","day")
);

-- CreateTable
CREATE TABLE "challenges" (
    "id" UUID NOT NULL,
    "community_id" UUID NOT NULL,
    "challenger_id" UUID NOT NULL,
    "challenged_id" UUID NOT NULL,
    "status" "ChallengeStatus" NOT NULL DEFAULT 'open',
    "submission_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closed_at" TIMESTAMPTZ(3),

    CONSTRAINT "challenges_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "submission_drafts" (
    "member_id" UUID NOT NULL,
    "values" JSONB NOT NULL DEFAULT '{}',
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "submission_drafts_pkey" PRIMARY KEY ("member_id")
);

-- CreateIndex
CREATE INDEX "submissions_community_id_status_queue_rank_idx" ON "submissions"("community_id", "status", "queue_rank");

-- CreateIndex
CREATE INDEX "submissions_author_id_status_idx" ON "submissions"("author_id", "status");

-- CreateIndex
CREATE UNIQUE INDEX "submissions_one_per_slot" ON "submissions"("community_id", "published_on", "publish_slot") WHERE (status = 'published');

-- CreateIndex
CREATE INDEX "challenges_challenger_id_status_idx" ON "challenges"("challenger_id", "status");

-- CreateIndex
CREATE INDEX "challenges_challenged_id_status_idx" ON "challenges"("challenged_id", "status");

-- CreateIndex
CREATE INDEX "challenges_community_id_status_idx" ON "challenges"("community_id", "status");

-- CreateIndex
CREATE UNIQUE INDEX "challenges_one_open" ON "challenges"("challenger_id", "challenged_id") WHERE (status = 'open');

-- AddForeignKey
ALTER TABLE "submissions" ADD CONSTRAINT "submissions_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "challenges" ADD CONSTRAINT "challenges_challenger_id_fkey" FOREIGN KEY ("challenger_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "challenges" ADD CONSTRAINT "challenges_challenged_id_fkey" FOREIGN KEY ("challenged_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "submission_drafts" ADD CONSTRAINT "submission_drafts_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE CASCADE;
