import type { Profile, ProfileRepository } from '../../core/onboarding/profile.ts';
import type { Answers } from '../../core/onboarding/questionnaire.ts';
import type { Db } from './db.ts';
import type { Profile as ProfileRow } from '../generated/client.ts';

export function toProfile(row: ProfileRow): Profile {
  return {
    memberId: row.memberId,
    communityId: row.communityId,
    questionnaireVersion: row.questionnaireVersion,
    answers: row.answers as Answers,
    pendingInput: row.pendingInput as Record<string, string>,
    consentedAt: row.consentedAt,
    consentVersion: row.consentVersion,
    completedAt: row.completedAt,
  };
}

export function createProfileRepository(db: Db): ProfileRepository {
  return {
    async get(memberId) {
      const row = await db.profile.findUnique({ where: { memberId } });
      return row ? toProfile(row) : null;
    },
    async save(profile) {
      // Role and capacity are copied out of the answers so matching can query them.
      const data = {
        communityId: profile.communityId,
        questionnaireVersion: profile.questionnaireVersion,
        answers: profile.answers as object,
        pendingInput: profile.pendingInput,
        role: profile.answers.role ?? null,
        capacity: profile.answers.capacity ?? null,
        consentedAt: profile.consentedAt,
        consentVersion: profile.consentVersion ?? null,
        completedAt: profile.completedAt,
      };
      const row = await db.profile.upsert({
        where: { memberId: profile.memberId },
        create: { memberId: profile.memberId, ...data },
        update: data,
      });
      return toProfile(row);
    },
    async many(memberIds) {
      return (await db.profile.findMany({ where: { memberId: { in: memberIds } } })).map(toProfile);
    },
  };
}
