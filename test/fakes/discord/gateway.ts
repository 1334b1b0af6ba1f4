import type { Server } from 'node:http';
import { GatewayCloseCodes, GatewayOpcodes, type GatewayIntentBits } from 'discord.js';
import { WebSocket, WebSocketServer } from 'ws';
import { gatewayGuildPayload } from './payloads.ts';
import { randomHex } from './snowflake.ts';
import type { World } from './world.ts';

export interface GatewayFrame {
  op: number;
  d: unknown;
}

interface Connection {
  ws: WebSocket;
  sequence: number;
  sessionId: string | null;
  intents: number;
  ready: boolean;
}

export interface GatewayOptions {
  world: World;
  server: Server;
  gatewayUrl: string;
  heartbeatIntervalMs: number;
  token?: string;
}

/**
 * Discord streams the GUILD_CREATEs after READY, not in the same write. The pause keeps that shape,
 * so a client never gets them in one socket read: discord.js awaits inside its per-frame handler,
 * and frames read together are handled concurrently.
 */
const GUILD_CREATE_DELAY_MS = 20;

/** The WebSocket gateway: HELLO, IDENTIFY → READY + GUILD_CREATE, heartbeats, RESUME, dispatches. */
export function createGateway(options: GatewayOptions) {
  const { world } = options;
  const wss = new WebSocketServer({ server: options.server });
  const connections = new Set<Connection>();
  const sessions = new Map<string, { sequence: number; intents: number }>();
  const readyWaiters = new Set<() => void>();
  const frames: GatewayFrame[] = [];
  const timers = new Set<NodeJS.Timeout>();

  const send = (conn: Connection, payload: object) => {
    if (conn.ws.readyState === WebSocket.OPEN) conn.ws.send(JSON.stringify(payload));
  };
  const dispatchTo = (conn: Connection, t: string, d: unknown) => {
    conn.sequence += 1;
    if (conn.sessionId) sessions.set(conn.sessionId, { sequence: conn.sequence, intents: conn.intents });
    send(conn, { op: GatewayOpcodes.Dispatch, t, s: conn.sequence, d });
  };
  const markReady = (conn: Connection) => {
    conn.ready = true;
    for (const resolve of readyWaiters) resolve();
    readyWaiters.clear();
  };
  const later = (fn: () => void, ms: number) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timers.add(timer);
  };

  function identify(conn: Connection, d: { token?: string; intents?: number; shard?: [number, number] }) {
    if (conn.sessionId) return conn.ws.close(GatewayCloseCodes.AlreadyAuthenticated, 'Already authenticated.');
    if (options.token && d.token !== options.token)
      return conn.ws.close(GatewayCloseCodes.AuthenticationFailed, 'Authentication failed.');
    conn.intents = d.intents ?? 0;
    conn.sessionId = randomHex();
    const guildIds = [...world.guilds.keys()];
    dispatchTo(conn, 'READY', {
      v: 10,
      user: { ...world.botUser, verified: true, mfa_enabled: false, email: null },
      user_settings: {},
      guilds: guildIds.map((id) => ({ id, unavailable: true })),
      session_id: conn.sessionId,
      session_type: 'normal',
      resume_gateway_url: options.gatewayUrl,
      ...(d.shard ? { shard: d.shard } : {}),
      application: { id: world.applicationId, flags: 0 },
      private_channels: [],
      presences: [],
      relationships: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: ['paris', 'rotterdam'],
      auth: {},
      _trace: ['["gateway-fake",{"micros":0}]'],
    });
    later(() => {
      for (const id of guildIds) {
        const guild = world.guilds.get(id);
        if (guild) dispatchTo(conn, 'GUILD_CREATE', gatewayGuildPayload(guild, world.guildChannels(id)));
      }
      markReady(conn);
    }, GUILD_CREATE_DELAY_MS);
  }

  function resume(conn: Connection, d: { token?: string; session_id?: string; seq?: number }) {
    const session = d.session_id ? sessions.get(d.session_id) : undefined;
    if (!session || (options.token && d.token !== options.token)) {
      send(conn, { op: GatewayOpcodes.InvalidSession, d: false });
      return;
    }
    conn.sessionId = d.session_id ?? null;
    conn.sequence = session.sequence;
    conn.intents = session.intents;
    dispatchTo(conn, 'RESUMED', { _trace: ['["gateway-fake",{"micros":0}]'] });
    markReady(conn);
  }

  function requestMembers(conn: Connection, d: { guild_id?: string; user_ids?: string[] | string; nonce?: string }) {
    const guild = world.guilds.get(d.guild_id ?? '');
    if (!guild) return;
    const wanted = d.user_ids === undefined ? null : [d.user_ids].flat();
    const members = [...guild.members.values()].filter((m) => !wanted || wanted.includes(m.user.id));
    const notFound = (wanted ?? []).filter((id) => !guild.members.has(id));
    dispatchTo(conn, 'GUILD_MEMBERS_CHUNK', {
      guild_id: guild.id,
      members,
      chunk_index: 0,
      chunk_count: 1,
      not_found: notFound,
      ...(d.nonce ? { nonce: d.nonce } : {}),
    });
  }

  wss.on('connection', (ws) => {
    const conn: Connection = { ws, sequence: 0, sessionId: null, intents: 0, ready: false };
    connections.add(conn);
    ws.on('close', () => connections.delete(conn));
    ws.on('message', (raw) => {
      let frame: GatewayFrame;
      try {
        frame = JSON.parse(raw.toString()) as GatewayFrame;
      } catch {
        return ws.close(GatewayCloseCodes.DecodeError, 'Error while decoding payload.');
      }
      frames.push(frame);
      switch (frame.op) {
        case GatewayOpcodes.Heartbeat:
          return send(conn, { op: GatewayOpcodes.HeartbeatAck });
        case GatewayOpcodes.Identify:
          return identify(conn, (frame.d ?? {}) as Parameters<typeof identify>[1]);
        case GatewayOpcodes.Resume:
          return resume(conn, (frame.d ?? {}) as Parameters<typeof resume>[1]);
        case GatewayOpcodes.RequestGuildMembers:
          return requestMembers(conn, (frame.d ?? {}) as Parameters<typeof requestMembers>[1]);
        default:
          return undefined; // presence and voice updates need no answer
      }
    });
    send(conn, { op: GatewayOpcodes.Hello, d: { heartbeat_interval: options.heartbeatIntervalMs } });
  });

  const readyConnections = () => [...connections].filter((c) => c.ready && c.ws.readyState === WebSocket.OPEN);

  return {
    frames,
    /** Resolves when a client is connected and has had READY and its GUILD_CREATEs. */
    ready(timeoutMs = 5000): Promise<void> {
      if (readyConnections().length) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          readyWaiters.delete(done);
          reject(new Error(`No discord.js client identified with the fake gateway within ${timeoutMs} ms`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          resolve();
        };
        readyWaiters.add(done);
      });
    },
    /** Sends an event to every ready client; a test dispatching into the void is a test bug. */
    dispatch(event: string, data: unknown) {
      const targets = readyConnections();
      if (!targets.length)
        throw new Error(
          `Cannot dispatch ${event}: no discord.js client is ready on the fake gateway (await fake.ready())`,
        );
      for (const conn of targets) dispatchTo(conn, event, data);
    },
    /** Sends what Discord would send after a REST change, to clients whose intents ask for it. */
    emit(event: string, data: unknown, intent: GatewayIntentBits) {
      for (const conn of readyConnections()) if (conn.intents & intent) dispatchTo(conn, event, data);
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      for (const conn of connections) conn.ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
