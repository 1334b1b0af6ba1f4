-- CreateEnum
CREATE TYPE "CircleRequestStatus" AS ENUM ('waiting', 'placed', 'withdrawn');

-- CreateEnum
CREATE TYPE "CircleStatus" AS ENUM ('active', 'closed');

-- CreateEnum
CREATE TYPE "EventStatus" AS ENUM ('open', 'published');

-- CreateTable
CREATE TABLE "circle_requests" (
    "id" UUID NOT NULL,
    "community_id" UUID NOT NULL,
    "member_id" UUID NOT NULL,
    "status" "CircleRequestStatus" NOT NULL DEFAULT 'waiting',
    "circle_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "closed_at" TIMESTAMPTZ(3),

    CONSTRAINT "circle_requests_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "circles" (
    "id" UUID NOT NULL,
    "community_id" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "status" "CircleStatus" NOT NULL DEFAULT 'active',
    "language" TEXT NOT NULL,
    "shared" JSONB NOT NULL DEFAULT '{}',
    "space_revision" INTEGER NOT NULL DEFAULT 0,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "last_met_at" TIMESTAMPTZ(3),
    "closed_at" TIMESTAMPTZ(3),
    "closed_reason" TEXT,

    CONSTRAINT "circles_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "circle_members" (
    "id" UUID NOT NULL,
    "circle_id" UUID NOT NULL,
    "member_id" UUID NOT NULL,
    "joined_at" TIMESTAMPTZ(3) NOT NULL,
    "left_at" TIMESTAMPTZ(3),

    CONSTRAINT "circle_members_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "events" (
    "id" UUID NOT NULL,
    "community_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "status" "EventStatus" NOT NULL DEFAULT 'open',
    "created_by_id" UUID,
    "announced_at" TIMESTAMPTZ(3),
    "published_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "event_participants" (
    "event_id" UUID NOT NULL,
    "member_id" UUID NOT NULL,
    "mentor" BOOLEAN NOT NULL DEFAULT false,
    "group_number" INTEGER,
    "via" TEXT NOT NULL,
    "registered_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "event_participants_pkey" PRIMARY KEY ("event_id","member_id")
);

-- CreateTable
CREATE TABLE "regions" (
    "id" UUID NOT NULL,
    "community_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "aliases" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "delegate_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "regions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "circle_requests_community_id_status_created_at_idx" ON "circle_requests"("community_id", "status", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "circle_requests_one_waiting" ON "circle_requests"("member_id") WHERE (status = 'waiting');

-- CreateIndex
CREATE INDEX "circles_community_id_status_idx" ON "circles"("community_id", "status");

-- CreateIndex
CREATE UNIQUE INDEX "circles_community_id_number_key" ON "circles"("community_id", "number");

-- CreateIndex
CREATE INDEX "circle_members_circle_id_idx" ON "circle_members"("circle_id");

-- CreateIndex
CREATE UNIQUE INDEX "circle_members_one_active" ON "circle_members"("member_id") WHERE (left_at IS NULL);

-- CreateIndex
CREATE INDEX "events_community_id_starts_at_idx" ON "events"("community_id", "starts_at");

-- CreateIndex
CREATE INDEX "event_participants_member_id_idx" ON "event_participants"("member_id");

-- CreateIndex
CREATE UNIQUE INDEX "regions_community_id_name_key" ON "regions"("community_id", "name");

-- AddForeignKey
ALTER TABLE "circle_requests" ADD CONSTRAINT "circle_requests_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "circle_members" ADD CONSTRAINT "circle_members_circle_id_fkey" FOREIGN KEY ("circle_id") REFERENCES "circles"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "circle_members" ADD CONSTRAINT "circle_members_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "event_participants" ADD CONSTRAINT "event_participants_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "event_participants" ADD CONSTRAINT "event_participants_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "regions" ADD CONSTRAINT "regions_delegate_id_fkey" FOREIGN KEY ("delegate_id") REFERENCES "members"("id") ON DELETE SET NULL ON UPDATE CASCADE;
