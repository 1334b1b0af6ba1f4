-- AlterEnum
ALTER TYPE "Platform" ADD VALUE 'playground';
