// English texts of the local playground (keys playground.*), same keys as playground.fr.ts.
export const playgroundEn = {
  'playground.startup.ready': `Marraine is ready (database: {database}), but no platform is configured: the local playground is open.

  ➜  {url}

Open this address in a browser: Marraine answers there as on Discord or Slack, in a small sample community (a mentee changing careers, two mentors, a moderator, an admin). Ctrl+C stops it.

To connect it to Discord, set DISCORD_TOKEN and DISCORD_APPLICATION_ID.
For Slack, set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN for Socket Mode).
Copy .env.example to .env, fill it in, then run npm start again. The README explains step by step how to create the Discord and Slack apps.`,
  'playground.startup.explicit': `Marraine’s local playground (database: {database}):

  ➜  {url}

It keeps its own data; Discord and Slack are not connected in this mode. Ctrl+C stops it.`,
  'playground.startup.noLogin':
    'Warning: the playground listens on {host} (PLAYGROUND_HOST) and has no login. Anyone who reaches it can act as any sample member, the admin included. Open it on a trusted network only.',
  'playground.startup.portBusy':
    'Port {port} is already taken: stop whatever uses it, or choose another with PORT (for example PORT=3001 npm start).',
  'playground.startup.cannotListen':
    'The playground cannot listen on {host}:{port} ({reason}). Check PLAYGROUND_HOST and PORT.',
  'playground.startup.notLoopback':
    'The playground listens on this machine only (127.0.0.1); to open it on another address ({host}), set PLAYGROUND_HOST.',

  'playground.community': 'Marraine playground',
  'playground.persona.camille': 'mentee, changing careers',
  'playground.persona.sophie': 'mentor, back-end in Lyon',
  'playground.persona.nadia': 'mentor, data in Paris',
  'playground.persona.lea': 'moderator',
  'playground.persona.claire': 'admin',
  'playground.channel.general': 'general',
  'playground.channel.matching': 'mentoring',
  'playground.channel.moderation': 'moderation-queue',
  'playground.channel.showcase': 'showcase',
  'playground.sample.bio.sophie':
    'Back-end developer for twelve years, after studying literature: I know what changing paths feels like.',
  'playground.sample.bio.nadia':
    'Data scientist; I like preparing a first interview or a first talk with women who are starting out.',
  'playground.sample.bio.lea': 'Front-end developer for a year, I moderate the community in the evenings.',

  'playground.ui.title': 'Marraine — playground',
  'playground.ui.persona': 'You are',
  'playground.ui.language': 'Language',
  'playground.ui.channels': 'Channels',
  'playground.ui.spaces': 'Private spaces',
  'playground.ui.dms': 'Direct messages from Marraine',
  'playground.ui.dmEmpty': 'No direct message yet.',
  'playground.ui.empty': 'Nothing here yet. Type /marraine and a command below.',
  'playground.ui.onlyYou': 'Only you can see this',
  'playground.ui.edited': '(edited)',
  'playground.ui.commandPlaceholder': '/marraine join, /marraine mentors…',
  'playground.ui.send': 'Send',
  'playground.ui.timeTravel': 'Time travel',
  'playground.ui.travelHint': 'Moves the app’s clock forward (to 12:30) and runs the reminders and the daily post.',
  'playground.ui.day': '+1 day',
  'playground.ui.week': '+1 week',
  'playground.ui.threeWeeks': '+3 weeks',
  'playground.ui.month': '+1 month',
  'playground.ui.ahead': 'ahead: {days} d',
  'playground.ui.reset': 'Start over',
  'playground.ui.resetConfirm': 'Erase the messages and start again from the sample community?',
  'playground.ui.cancel': 'Cancel',
  'playground.ui.apply': 'Apply',
  'playground.ui.required': 'required',
  'playground.ui.failed': 'Something went wrong ({status}). Please try again.',
  'playground.ui.intro':
    'Try it as Camille: /marraine join, then /marraine mentors. Switch person at the top to answer as a mentor.',
  'playground.ui.bot': 'Marraine',
} as const;
