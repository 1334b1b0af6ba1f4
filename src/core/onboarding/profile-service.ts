import type { z } from 'zod';
import { text, translator, type Locale, type Text } from '../../i18n/index.ts';
import type { Clock } from '../clock.ts';
import type { Member, MemberStatus } from '../community.ts';
import { FieldErrors, UserError } from '../errors.ts';
import { withdrawFromMatching } from '../matching/withdraw.ts';
import { createPreferencesService } from '../nudges/preferences.ts';
import type { Store } from '../store.ts';
import type { Profile } from './profile.ts';
import {
  appliesTo,
  consentVersion,
  fieldSchemas,
  missingQuestions,
  question,
  questionnaireVersion,
  ranges,
  withoutStaleAnswers,
  type Answers,
  type QuestionId,
} from './questionnaire.ts';

// Own keys only: a form field named "toString" or "constructor" is no question (fuzz seed 1322727517).
const isQuestionId = (id: string): id is QuestionId => Object.hasOwn(fieldSchemas, id);
const isEmpty = (raw: unknown) =>
  raw === undefined || raw === null || raw === '' || (Array.isArray(raw) && raw.length === 0);

function problem(id: QuestionId, issue: z.core.$ZodIssue | undefined): Text {
  const key = issue?.message ?? '';
  if (key === 'onboarding.invalid.range' && (id === 'hoursPerMonth' || id === 'capacity')) {
    return text('onboarding.invalid.range', ranges[id]);
  }
  if (key === 'onboarding.invalid.tooLong') {
    const q = question(id);
    return text('onboarding.invalid.tooLong', { max: 'maxLength' in q ? q.maxLength : 0 });
  }
  if (key === 'onboarding.invalid.number') return text('onboarding.invalid.number');
  if (key === 'onboarding.invalid.stackTooLong') return text('onboarding.invalid.stackTooLong');
  if (key === 'onboarding.invalid.consent') return text('onboarding.invalid.consent');
  if (key === 'onboarding.invalid.required') return text('onboarding.invalid.required');
  return text('onboarding.invalid.choice');
}

export interface AnswerResult {
  profile: Profile;
  /** True when these answers completed the questionnaire for the first time. */
  completedNow: boolean;
}

export function createProfileService({ store, clock }: { store: Store; clock: Clock }) {
  const blank = (member: Member): Profile => ({
    memberId: member.id,
    communityId: member.communityId,
    questionnaireVersion,
    answers: {},
    pendingInput: {},
    consentedAt: null,
    completedAt: null,
  });

  async function setStatus(member: Member, status: MemberStatus, action: string): Promise<Member> {
    return store.transaction(async (repos) => {
      // The lock every answer to one of her requests takes too: none slips in between.
      if (status !== 'active') await repos.matching.lockMembers([member.id]);
      const updated = await repos.members.update(member.id, { status });
      await repos.auditLog.record({
        communityId: member.communityId,
        actorId: member.id,
        action,
        targetType: 'member',
        targetId: member.id,
      });
      if (status !== 'active')
        await withdrawFromMatching(repos, await repos.communities.get(member.communityId), updated, clock.now());
      return updated;
    });
  }

  return {
    get: (member: Member) => store.profiles.get(member.id),

    /** Her nudges: time zone, quiet hours, snooze, kinds turned off (profile → Reminders). */
    preferences: createPreferencesService({ store, clock }),

    /**
     * Validates and saves the answers given (a step, a form, one edited field). Valid
     * answers are saved even when others fail; those raise FieldErrors naming each
     * field, and what she typed is kept so she only corrects the wrong one.
     */
    async answer(member: Member, locale: Locale, input: Record<string, unknown>): Promise<AnswerResult> {
      const result = await store.transaction(async (repos) => {
        const profile = (await repos.profiles.get(member.id)) ?? blank(member);
        const answers: Record<string, unknown> = { ...profile.answers };
        const pendingInput = { ...profile.pendingInput };
        const errors: Record<string, Text> = {};
        // The role decides which questions apply; a form may change it along with the rest.
        const role = fieldSchemas.role.safeParse(input.role).data ?? profile.answers.role;
        for (const [id, raw] of Object.entries(input)) {
          if (!isQuestionId(id)) continue;
          if (isEmpty(raw)) {
            if (!appliesTo(question(id), role)) continue;
            delete pendingInput[id];
            if (question(id).optional) delete answers[id];
            else errors[id] = text('onboarding.invalid.required');
            continue;
          }
          const parsed = fieldSchemas[id].safeParse(raw);
          if (parsed.success) {
            answers[id] = parsed.data;
            delete pendingInput[id];
          } else {
            errors[id] = problem(id, parsed.error.issues[0]);
            if (typeof raw === 'string') pendingInput[id] = raw;
          }
        }
        const cleaned = withoutStaleAnswers(answers as Answers);
        const now = clock.now();
        const complete = missingQuestions(cleaned).length === 0;
        const completedNow = complete && !profile.completedAt && Object.keys(errors).length === 0;
        const saved = await repos.profiles.save({
          ...profile,
          questionnaireVersion,
          answers: cleaned,
          pendingInput,
          consentedAt: cleaned.consent ? (profile.consentedAt ?? now) : null,
          // The version she agreed to: the current one when she (re)agrees with these answers.
          consentVersion: cleaned.consent
            ? input.consent !== undefined
              ? consentVersion
              : (profile.consentVersion ?? consentVersion)
            : null,
          completedAt: complete ? (profile.completedAt ?? (completedNow ? now : null)) : null,
        });
        if (completedNow) {
          if (member.status !== 'active') await repos.members.update(member.id, { status: 'active' });
          await repos.auditLog.record({
            communityId: member.communityId,
            actorId: member.id,
            action: 'profile.completed',
            targetType: 'member',
            targetId: member.id,
            details: { role: cleaned.role },
          });
          const t = translator(locale);
          await repos.outbox.enqueue({
            communityId: member.communityId,
            platform: (await repos.communities.get(member.communityId)).platform,
            key: `onboarding.welcome:${member.id}`,
            target: { kind: 'dm', userId: member.externalUserId },
            availableAt: now,
            message: {
              text: t(
                cleaned.role === 'mentor'
                  ? 'onboarding.welcome.mentor'
                  : cleaned.role === 'both'
                    ? 'onboarding.welcome.both'
                    : 'onboarding.welcome.member',
              ),
            },
          });
        } else if (profile.completedAt) {
          // An edit is audited for what it saved, even when another field of the form failed.
          const saved = Object.keys(input).filter((id) => isQuestionId(id) && !errors[id]);
          if (saved.length > 0) {
            await repos.auditLog.record({
              communityId: member.communityId,
              actorId: member.id,
              action: 'profile.edited',
              targetType: 'member',
              targetId: member.id,
              details: { fields: saved },
            });
          }
        }
        return { saved, completedNow, errors };
      });
      // The valid answers of this form are committed; only now report the others.
      if (Object.keys(result.errors).length > 0) throw new FieldErrors(result.errors);
      return { profile: result.saved, completedNow: result.completedNow };
    },

    pause(member: Member) {
      if (member.status === 'left') throw new UserError('profile.error.left');
      return setStatus(member, 'paused', 'profile.paused');
    },
    resume(member: Member) {
      return setStatus(member, 'active', 'profile.resumed');
    },
    leave(member: Member) {
      return setStatus(member, 'left', 'profile.left');
    },

    /**
     * She withdraws her consent: her answers are no longer shown to anyone (an incomplete
     * profile is never suggested), her profile pauses, and open requests close kindly.
     * Her answers stay until she erases them (`data`), so she can still export them.
     */
    async withdrawConsent(member: Member): Promise<Member> {
      return store.transaction(async (repos) => {
        await repos.matching.lockMembers([member.id]);
        const profile = await repos.profiles.get(member.id);
        if (profile) {
          const { consent: _withdrawn, ...answers } = profile.answers;
          await repos.profiles.save({
            ...profile,
            answers,
            consentedAt: null,
            consentVersion: null,
            completedAt: null,
          });
        }
        const updated =
          member.status === 'active' ? await repos.members.update(member.id, { status: 'paused' }) : member;
        await repos.auditLog.record({
          communityId: member.communityId,
          actorId: member.id,
          action: 'profile.consent_withdrawn',
          targetType: 'member',
          targetId: member.id,
          details: { version: profile?.consentVersion ?? null },
        });
        if (updated.status !== 'active')
          await withdrawFromMatching(repos, await repos.communities.get(member.communityId), updated, clock.now());
        return updated;
      });
    },
  };
}

export type ProfileService = ReturnType<typeof createProfileService>;
