-- CreateEnum
CREATE TYPE "Platform" AS ENUM ('discord', 'slack');

-- CreateEnum
CREATE TYPE "MemberStatus" AS ENUM ('active', 'paused', 'left');

-- CreateTable
CREATE TABLE "communities" (
    "id" UUID NOT NULL,
    "platform" "Platform" NOT NULL,
    "external_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "locale" TEXT NOT NULL DEFAULT 'fr',
    "time_zone" TEXT NOT NULL DEFAULT 'Europe/Paris',
    "settings" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "communities_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "members" (
    "id" UUID NOT NULL,
    "community_id" UUID NOT NULL,
    "external_user_id" TEXT NOT NULL,
    "display_name" TEXT,
    "locale" TEXT,
    "time_zone" TEXT,
    "status" "MemberStatus" NOT NULL DEFAULT 'active',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "members_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_logs" (
    "id" BIGSERIAL NOT NULL,
    "community_id" UUID NOT NULL,
    "actor_id" UUID,
    "action" TEXT NOT NULL,
    "target_type" TEXT,
    "target_id" TEXT,
    "details" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_logs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "processed_events" (
    "platform" "Platform" NOT NULL,
    "event_key" TEXT NOT NULL,
    "processed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "processed_events_pkey" PRIMARY KEY ("platform","event_key")
);

-- CreateIndex
CREATE UNIQUE INDEX "communities_platform_external_id_key" ON "communities"("platform", "external_id");

-- CreateIndex
CREATE INDEX "members_community_id_status_idx" ON "members"("community_id", "status");

-- CreateIndex
CREATE UNIQUE INDEX "members_community_id_external_user_id_key" ON "members"("community_id", "external_user_id");

-- CreateIndex
CREATE INDEX "audit_logs_community_id_created_at_idx" ON "audit_logs"("community_id", "created_at");

-- CreateIndex
CREATE INDEX "processed_events_processed_at_idx" ON "processed_events"("processed_at");

-- AddForeignKey
ALTER TABLE "members" ADD CONSTRAINT "members_community_id_fkey" FOREIGN KEY ("community_id") REFERENCES "communities"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_logs" ADD CONSTRAINT "audit_logs_community_id_fkey" FOREIGN KEY ("community_id") REFERENCES "communities"("id") ON DELETE CASCADE ON UPDATE CASCADE;
