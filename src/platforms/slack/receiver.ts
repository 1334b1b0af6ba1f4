import { HTTPReceiver, type App, type CustomRoute, type Logger as BoltLogger, type ReceiverEvent } from '@slack/bolt';
import { understood } from './payloads.ts';

/**
 * The most a request from Slack may weigh. Slack's largest payloads (a view submission with
 * every field of a full modal filled in) stay far below it; a body past it is someone else's,
 * refused with 413 from its Content-Length, before a byte of it is read or parsed.
 */
export const slackBodyLimitBytes = 1024 * 1024;

/**
 * Hands Bolt only the requests the adapter's listeners can read (see payloads.ts); anything
 * else is acknowledged at once. Bolt would otherwise leave a request no listener takes
 * hanging for 3 s, then log an error, or crash in its router on a body of the wrong shape.
 */
function guarded(app: App, logger: BoltLogger): App {
  return Object.create(app, {
    processEvent: {
      value: async (event: ReceiverEvent) => {
        if (understood(event.body)) return app.processEvent(event);
        logger.debug('slack: acknowledged a request the bot does not handle');
        await event.ack();
      },
    },
  }) as App;
}

/**
 * Bolt's own HTTP receiver (its signature and staleness checks: 401 for a forged, unsigned
 * or more than five minutes old request), given a body limit (`App` passes none, and Bolt's
 * default is 4 MB) and the guard above.
 */
export function createSlackHttpReceiver(options: {
  signingSecret: string;
  logger: BoltLogger;
  customRoutes: CustomRoute[];
}): HTTPReceiver {
  const receiver = new HTTPReceiver({
    signingSecret: options.signingSecret,
    logger: options.logger,
    customRoutes: options.customRoutes,
    bodyLimit: slackBodyLimitBytes,
  });
  const init = receiver.init.bind(receiver);
  receiver.init = (app: App) => init(guarded(app, options.logger));
  return receiver;
}
