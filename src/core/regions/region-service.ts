import { text, type Text } from '../../i18n/index.ts';
import type { Clock } from '../clock.ts';
import type { Community, Member } from '../community.ts';
import { FieldErrors, UserError } from '../errors.ts';
import { createCommunityReminders } from '../nudges/community-reminders.ts';
import type { CommunityReminder } from '../nudges/reminder-ports.ts';
import type { Store } from '../store.ts';
import type { Region } from './ports.ts';
import { placeKey, regionFinder } from './regions.ts';

export const regionNameMax = 80;
export const regionAliasesMax = 500;

/** The monthly meeting a region's creation offers to remind: the first Tuesday of the month at 18:00. */
export const monthlySchedule = {
  fr: 'le premier mardi du mois à 18h',
  en: 'the first tuesday of the month at 6pm',
} as const;

/** "Lyon, Grenoble; Saint-Étienne" → the names, as typed, without duplicates. */
export function splitAliases(input: string): string[] {
  const names = new Map<string, string>();
  for (const name of input.split(/[,;\n]/).map((s) => s.trim().replace(/\s+/g, ' ')))
    if (name && !names.has(placeKey(name))) names.set(placeKey(name), name);
  return [...names.values()];
}

/** Regions and their delegates; every change is audited. The dispatcher lets only admins reach these. */
export function createRegionService({ store, clock }: { store: Store; clock: Clock }) {
  const reminders = createCommunityReminders({ store, clock });

  async function audit(
    community: Community,
    actor: Member,
    action: string,
    region: Region,
    details: Record<string, unknown> = {},
  ) {
    await store.auditLog.record({
      communityId: community.id,
      actorId: actor.id,
      action,
      targetType: 'region',
      targetId: region.id,
      details,
    });
  }

  return {
    list: (community: Community) => store.regions.list(community.id),

    /** The regions with how many members gave one of their names in their profile. */
    async withCounts(community: Community): Promise<(Region & { members: number })[]> {
      const [regions, places] = await Promise.all([
        store.regions.list(community.id),
        store.regions.places(community.id),
      ]);
      const find = regionFinder(regions);
      const counts = new Map<string, number>();
      for (const place of places) {
        const region = find(place.region);
        if (region) counts.set(region.id, (counts.get(region.id) ?? 0) + 1);
      }
      return regions.map((r) => ({ ...r, members: counts.get(r.id) ?? 0 }));
    },

    /**
     * A new region with its delegate (a platform user id) and other names. Both text fields
     * are checked first; `retryAction` reopens the form with what she typed.
     */
    async create(
      community: Community,
      admin: Member,
      input: { name: string; aliases: string; delegateUserId: string | undefined },
      retryAction: string,
    ): Promise<Region> {
      const name = input.name.trim().replace(/\s+/g, ' ');
      const errors: Record<string, Text> = {};
      if (!name) errors.regionName = text('onboarding.invalid.required');
      else if (name.length > regionNameMax)
        errors.regionName = text('onboarding.invalid.tooLong', { max: regionNameMax });
      if (input.aliases.length > regionAliasesMax)
        errors.regionAliases = text('onboarding.invalid.tooLong', { max: regionAliasesMax });
      const existing = await store.regions.list(community.id);
      const taken = regionFinder(existing)(name);
      if (name && taken) errors.regionName = text('region.invalid.taken');
      if (Object.keys(errors).length > 0) throw new FieldErrors(errors, retryAction, 'typed');
      const delegate = input.delegateUserId
        ? await store.members.ensure({ communityId: community.id, externalUserId: input.delegateUserId })
        : null;
      const region = await store.regions.create({
        communityId: community.id,
        name,
        aliases: splitAliases(input.aliases).filter((a) => placeKey(a) !== placeKey(name)),
        delegateId: delegate?.id ?? null,
      });
      if (!region) throw new FieldErrors({ regionName: text('region.invalid.taken') }, retryAction, 'typed');
      await audit(community, admin, 'region.created', region, { name, delegateId: region.delegateId });
      return region;
    },

    async setDelegate(
      community: Community,
      admin: Member,
      regionId: string,
      delegateUserId: string | null,
    ): Promise<Region> {
      const delegate = delegateUserId
        ? await store.members.ensure({ communityId: community.id, externalUserId: delegateUserId })
        : null;
      const region = await store.regions.update(community.id, regionId, { delegateId: delegate?.id ?? null });
      if (!region) throw new UserError('error.expired');
      await audit(community, admin, 'region.delegate', region, { delegateId: region.delegateId });
      return region;
    },

    async remove(community: Community, admin: Member, regionId: string): Promise<Region> {
      const region = await store.regions.remove(community.id, regionId);
      if (!region) throw new UserError('error.expired');
      await audit(community, admin, 'region.deleted', region, { name: region.name });
      return region;
    },

    /**
     * The region's monthly meeting as a community reminder in `channelId`: the first Tuesday
     * of the month at 18:00, in the community's time zone and language.
     */
    async addMonthlyReminder(
      community: Community,
      admin: Member,
      regionId: string,
      channelId: string,
      reminderText: string,
    ): Promise<CommunityReminder> {
      const region = await store.regions.get(regionId);
      if (!region || region.communityId !== community.id) throw new UserError('error.expired');
      return reminders.create(
        community,
        admin,
        { channelId, text: reminderText, schedule: monthlySchedule[community.locale] },
        '',
      );
    },
  };
}

export type RegionService = ReturnType<typeof createRegionService>;
