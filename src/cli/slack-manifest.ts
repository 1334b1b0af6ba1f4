// `npm run slack:manifest [-- --url https://your-host] [--socket]`: prints the Slack app
// manifest (JSON) to paste at api.slack.com/apps → Create New App → From a manifest.
import { parseArgs } from 'node:util';
import { commands } from '../../commands/index.ts';
import { slackManifest } from '../platforms/slack/manifest.ts';

const { values } = parseArgs({
  options: { url: { type: 'string' }, socket: { type: 'boolean' }, name: { type: 'string' } },
});
console.log(
  JSON.stringify(
    slackManifest(commands, {
      ...(values.url ? { url: values.url } : {}),
      socketMode: values.socket === true,
      ...(values.name ? { name: values.name } : {}),
    }),
    null,
    2,
  ),
);
