-- AlterTable
ALTER TABLE "members" ADD COLUMN     "erased_at" TIMESTAMPTZ(3),
ADD COLUMN     "left_platform_at" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "profiles" ADD COLUMN     "consent_version" INTEGER;

-- CreateIndex
CREATE INDEX "members_left_platform_at_idx" ON "members"("left_platform_at");
