import { catalog, translator, type Locale, type MessageKey } from '../../i18n/index.ts';
import type { Community } from '../../core/community.ts';
import type { Services } from '../../core/services.ts';

/**
 * The people and places of the playground's sample community. Ids are plain words, as
 * the platforms' ids are (commands accept letters and digits).
 */
export interface Persona {
  id: string;
  name: string;
  /** The platform says she administers the place (Discord's Manage Server, Slack's admins). */
  platformAdmin: boolean;
}

export const personas: readonly Persona[] = [
  { id: 'camille', name: 'Camille', platformAdmin: false },
  { id: 'sophie', name: 'Sophie', platformAdmin: false },
  { id: 'nadia', name: 'Nadia', platformAdmin: false },
  { id: 'lea', name: 'Léa', platformAdmin: false },
  { id: 'claire', name: 'Claire', platformAdmin: true },
];

export const channels = ['general', 'matching', 'moderation', 'showcase'] as const;

/** A text of the catalog picked by a computed key (a persona's role, a channel's name). */
const named = (locale: Locale, key: string): string | undefined => {
  const message = catalog(locale)[key as MessageKey];
  return typeof message === 'string' ? message : undefined;
};

export const personaRole = (locale: Locale, id: string) => named(locale, `playground.persona.${id}`) ?? '';
export const channelName = (locale: Locale, id: string) => named(locale, `playground.channel.${id}`);

type SampleAnswers = Record<string, unknown>;

/** Sample profiles: two mentors, a moderator who joined as a peer. Camille joins herself; Claire administers. */
function samples(locale: Locale): Record<string, SampleAnswers> {
  const t = translator(locale);
  return {
    sophie: {
      role: 'mentor',
      situation: 'experienced',
      domains: ['back', 'ops-cloud'],
      languages: ['fr', 'en'],
      remote: 'yes',
      offers: ['career-change', 'confidence', 'technical-growth'],
      stacks: 'Java, Spring, Kubernetes',
      region: 'Lyon',
      hoursPerMonth: '4',
      capacity: '2',
      bio: t('playground.sample.bio.sophie'),
      consent: true,
    },
    nadia: {
      role: 'mentor',
      situation: 'experienced',
      domains: ['data-ai', 'back'],
      languages: ['fr', 'en', 'ar'],
      remote: 'yes',
      offers: ['first-job', 'career-change', 'public-speaking', 'leadership'],
      stacks: 'Python, SQL',
      region: 'Paris',
      hoursPerMonth: '3',
      capacity: '1',
      bio: t('playground.sample.bio.nadia'),
      consent: true,
    },
    lea: {
      role: 'peer',
      situation: 'junior',
      domains: ['front', 'design-ux'],
      languages: ['fr'],
      remote: 'yes',
      seeks: ['confidence', 'public-speaking'],
      stacks: 'TypeScript, React',
      region: 'Nantes',
      hoursPerMonth: '2',
      bio: t('playground.sample.bio.lea'),
      consent: true,
    },
  };
}

/** The sample community of one generation (a reset starts the next), made the first time. */
export function ensureCommunity(services: Services, generation: number): Promise<Community> {
  const { locale, timeZone } = services.defaults;
  return services.store.communities.ensure({
    platform: 'playground',
    externalId: `marraine${generation}`,
    name: translator(locale)('playground.community'),
    locale,
    timeZone,
  });
}

/**
 * Its members, channels and moderator, and the mentors' profiles, set up through the same
 * services the commands use. Running it again changes nothing.
 */
export async function populateCommunity(services: Services, community: Community): Promise<void> {
  const { store, defaults } = services;
  const members = new Map<string, Awaited<ReturnType<typeof store.members.ensure>>>();
  for (const persona of personas) {
    members.set(
      persona.id,
      await store.members.ensure({ communityId: community.id, externalUserId: persona.id, displayName: persona.name }),
    );
  }
  const admin = members.get('claire');
  if (admin) {
    await services.settings.update(community, admin, {
      channels: { moderationQueue: 'moderation', showcase: 'showcase', matching: 'matching', announcements: 'general' },
      moderatorUsers: ['lea'],
    });
  }
  for (const [id, answers] of Object.entries(samples(defaults.locale))) {
    const member = members.get(id);
    if (member && !(await services.profiles.get(member))?.completedAt)
      await services.profiles.answer(member, defaults.locale, answers);
  }
}
