import type { MethodHandler } from './conversation-methods.ts';
import type { FakeSlackUserInit, SlackArgs } from './types.ts';
import { isTruthy, slackError, stringArg, type Workspace } from './workspace.ts';

const DEFAULT_TZ = 'Europe/Paris';

/** Slack sends the zone's current UTC offset in seconds next to its name. */
function tzOffsetSeconds(tz: string): number {
  try {
    const zoneName = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'longOffset' })
      .formatToParts(new Date())
      .find((part) => part.type === 'timeZoneName')?.value;
    const match = /GMT([+-])(\d{2}):(\d{2})/.exec(zoneName ?? '');
    if (!match) return 0;
    return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 3600 + Number(match[3]) * 60);
  } catch {
    return 0;
  }
}

function userObject(workspace: Workspace, user: FakeSlackUserInit, includeLocale: boolean): SlackArgs {
  const name = user.name ?? user.id.toLowerCase();
  const realName = user.real_name ?? name;
  const tz = user.tz ?? DEFAULT_TZ;
  const result: SlackArgs = {
    id: user.id,
    team_id: workspace.teamId,
    name,
    deleted: user.deleted === true,
    real_name: realName,
    tz,
    tz_label: tz,
    tz_offset: tzOffsetSeconds(tz),
    is_admin: user.is_admin === true,
    is_owner: user.is_owner === true,
    is_primary_owner: false,
    is_restricted: false,
    is_ultra_restricted: false,
    is_bot: user.is_bot === true,
    is_app_user: false,
    updated: 1_700_000_000,
    profile: {
      real_name: realName,
      real_name_normalized: realName,
      display_name: user.display_name ?? '',
      display_name_normalized: user.display_name ?? '',
      ...(user.email ? { email: user.email } : {}),
      team: workspace.teamId,
    },
  };
  // Slack leaves the locale out unless asked for it; a bot that forgets include_locale gets none.
  if (includeLocale) result.locale = user.locale ?? 'en-US';
  return result;
}

export function createDirectoryMethods(workspace: Workspace): Record<string, MethodHandler> {
  return {
    'auth.test': () => ({
      ok: true,
      url: `https://${workspace.teamDomain}.slack.com/`,
      team: workspace.teamName,
      user: 'marraine',
      team_id: workspace.teamId,
      user_id: workspace.botUserId,
      bot_id: workspace.botId,
      app_id: workspace.appId,
      is_enterprise_install: false,
    }),

    'users.info': (args) => {
      const id = stringArg(args, 'user');
      const user = id === undefined ? undefined : workspace.users.get(id);
      if (!user) return slackError('user_not_found');
      return { ok: true, user: userObject(workspace, user, isTruthy(args.include_locale)) };
    },

    'usergroups.users.list': (args) => {
      const id = stringArg(args, 'usergroup');
      const users = id === undefined ? undefined : workspace.userGroups.get(id);
      if (!users) return slackError('no_such_subteam');
      return { ok: true, users: [...users] };
    },

    'team.info': () => ({
      ok: true,
      team: {
        id: workspace.teamId,
        name: workspace.teamName,
        url: `https://${workspace.teamDomain}.slack.com/`,
        domain: workspace.teamDomain,
        email_domain: '',
        icon: { image_default: true },
        is_verified: false,
      },
    }),
  };
}
