import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  HTTPModuleFunctions,
  HTTPReceiver,
  type BufferedIncomingMessage,
  isRawBodyError,
  type App,
  type CustomRoute,
  type Logger as BoltLogger,
  type ReceiverEvent,
} from '@slack/bolt';
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
  screenBodies(receiver, options);
  return receiver;
}

type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** Whether Bolt's router can read this body: it reads fields of it before any guard can (`body.ssl_check`). */
function readable(req: BufferedIncomingMessage): boolean {
  try {
    const body: unknown = HTTPModuleFunctions.parseHTTPRequestBody(req);
    return typeof body === 'object' && body !== null;
  } catch {
    // Not JSON at all: Bolt answers that one itself (400 once the signature is checked).
    return true;
  }
}

/**
 * Reads the body before Bolt does, and answers those Bolt would crash on outside any handler:
 * a JSON body or a `payload` field that is `null`, a number or a string (`payload=null`) makes
 * Bolt read `body.ssl_check` of it, an unhandled rejection and no answer at all. Such a body
 * gets 401 when its signature is wrong, as any other, and 400 when it is right (Slack never
 * sends one). Every other request goes on to Bolt, already read (Bolt reuses what was read).
 */
function screenBodies(receiver: HTTPReceiver, options: { signingSecret: string; logger: BoltLogger }) {
  const inner = receiver as unknown as { handleIncomingEvent: RequestHandler };
  const handle = inner.handleIncomingEvent.bind(receiver);
  const answer = (res: ServerResponse, status: number) => HTTPModuleFunctions.buildNoBodyResponse(res, status);
  inner.handleIncomingEvent = (req, res) => {
    void (async () => {
      let buffered: BufferedIncomingMessage;
      try {
        buffered = await HTTPModuleFunctions.bufferIncomingMessage(req, slackBodyLimitBytes);
      } catch (error) {
        if (isRawBodyError(error) && (error as { statusCode: number }).statusCode === 413) {
          options.logger.warn(`Request body exceeded the maximum allowed size (limit: ${slackBodyLimitBytes} bytes)`);
          answer(res, 413);
        } else {
          options.logger.warn(`Could not read the request body: ${(error as Error).message}`);
          answer(res, 400);
        }
        return;
      }
      if (readable(buffered)) return handle(req, res);
      try {
        // Bolt's own check (it also strips an unsigned ssl_check down to `ssl_check=1`).
        await HTTPModuleFunctions.parseAndVerifyHTTPRequest(
          { enabled: true, signingSecret: options.signingSecret, bodyLimit: slackBodyLimitBytes },
          buffered,
        );
      } catch (error) {
        options.logger.warn(`Failed to parse and verify the request data: ${(error as Error).message}`);
        return answer(res, 401);
      }
      if (readable(buffered)) return handle(req, res);
      options.logger.warn('Malformed request body: its payload is not an object');
      answer(res, 400);
    })().catch((error: unknown) => {
      options.logger.error(`slack: could not screen a request: ${(error as Error).message}`);
      if (!res.headersSent) answer(res, 500);
    });
  };
}
