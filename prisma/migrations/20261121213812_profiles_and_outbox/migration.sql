-- CreateEnum
CREATE TYPE "ProfileRole" AS ENUM ('mentor', 'mentee', 'both', 'peer');

-- CreateEnum
CREATE TYPE "OutboxStatus" AS ENUM ('pending', 'sending', 'sent', 'failed');

-- CreateTable
CREATE TABLE "profiles" (
    "id" UUID NOT NULL,
    "member_id" UUID NOT NULL,
    "community_id" UUID NOT NULL,
    "questionnaire_version" INTEGER NOT NULL,
    "answers" JSONB NOT NULL DEFAULT '{}',
    "pending_input" JSONB NOT NULL DEFAULT '{}',
    "role" "ProfileRole",
    "capacity" INTEGER,
    "consented_at" TIMESTAMPTZ(3),
    "completed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "profiles_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "outbox_messages" (
    "id" UUID NOT NULL,
    "community_id" UUID NOT NULL,
    "platform" "Platform" NOT NULL,
    "key" TEXT NOT NULL,
    "target" JSONB NOT NULL,
    "message" JSONB NOT NULL,
    "status" "OutboxStatus" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "available_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lease_until" TIMESTAMPTZ(3),
    "last_error" TEXT,
    "platform_ref" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ(3),

    CONSTRAINT "outbox_messages_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "profiles_member_id_key" ON "profiles"("member_id");

-- CreateIndex
CREATE INDEX "profiles_community_id_role_idx" ON "profiles"("community_id", "role");

-- CreateIndex
CREATE INDEX "outbox_messages_status_available_at_idx" ON "outbox_messages"("status", "available_at");

-- CreateIndex
CREATE UNIQUE INDEX "outbox_messages_community_id_key_key" ON "outbox_messages"("community_id", "key");

-- AddForeignKey
ALTER TABLE "profiles" ADD CONSTRAINT "profiles_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "outbox_messages" ADD CONSTRAINT "outbox_messages_community_id_fkey" FOREIGN KEY ("community_id") REFERENCES "communities"("id") ON DELETE CASCADE ON UPDATE CASCADE;
