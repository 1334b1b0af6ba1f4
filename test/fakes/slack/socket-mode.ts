/**
 * Slack's side of Socket Mode: `apps.connections.open` (on the fake Web API) hands out a
 * ws:// URL served here by a local `ws` server, which greets each connection with `hello`,
 * sends envelopes (slash commands, interactions, events) and waits for the bot to
 * acknowledge each by its envelope_id, and can close a connection or ask the client to
 * reconnect (`disconnect`), as Slack does when it recycles a server.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { DEFAULT_APP_ID } from './workspace.ts';

export type EnvelopeType = 'slash_commands' | 'interactive' | 'events_api';

export interface SocketAck {
  envelope_id: string;
  payload?: unknown;
}

export interface FakeSocketMode {
  /** A fresh URL, as `apps.connections.open` returns one per call. */
  nextUrl(): string;
  /** URLs handed out so far (one per apps.connections.open the fake answered). */
  urlsIssued: number;
  /** Connections opened by the bot, in order; each was greeted with `hello`. */
  connections: WebSocket[];
  /** Waits until the bot has opened `count` connections in all. */
  waitForConnections(count: number, timeoutMs?: number): Promise<void>;
  /** Sends an envelope on the newest open connection; resolves with the bot's acknowledgement. */
  send(type: EnvelopeType, payload: unknown, timeoutMs?: number): Promise<SocketAck>;
  /** Slack asks the client to reconnect (`disconnect` message, reason refresh_requested). */
  requestReconnect(): void;
  /** The server closes the newest connection, as when Slack's side goes away. */
  dropConnection(): void;
  /** Every message the bot sent on any connection, parsed. */
  received: unknown[];
  close(): Promise<void>;
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startFakeSocketMode(): Promise<FakeSocketMode> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  const connections: WebSocket[] = [];
  const received: unknown[] = [];
  const pending = new Map<string, (ack: SocketAck) => void>();
  let issued = 0;

  server.on('connection', (socket) => {
    connections.push(socket);
    socket.on('message', (data) => {
      let message: SocketAck;
      try {
        message = JSON.parse(String(data)) as SocketAck;
      } catch {
        received.push(String(data));
        return;
      }
      received.push(message);
      if (typeof message.envelope_id === 'string') pending.get(message.envelope_id)?.(message);
    });
    socket.send(
      JSON.stringify({
        type: 'hello',
        num_connections: connections.filter((c) => c.readyState === c.OPEN).length,
        debug_info: { host: 'fake-socket-mode', build_number: 1, approximate_connection_time: 18060 },
        connection_info: { app_id: DEFAULT_APP_ID },
      }),
    );
  });

  const newest = () => {
    const open = connections.filter((c) => c.readyState === c.OPEN);
    const socket = open[open.length - 1];
    if (!socket) throw new Error('the bot has no open Socket Mode connection');
    return socket;
  };

  return {
    nextUrl() {
      issued += 1;
      return `ws://127.0.0.1:${port}/link/?ticket=${randomUUID()}&app_id=${DEFAULT_APP_ID}`;
    },
    get urlsIssued() {
      return issued;
    },
    connections,
    received,
    async waitForConnections(count, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (connections.length < count) {
        if (Date.now() > deadline)
          throw new Error(`waited ${timeoutMs} ms for ${count} Socket Mode connections, saw ${connections.length}`);
        await wait(20);
      }
    },
    send(type, payload, timeoutMs = 5_000) {
      const envelopeId = randomUUID();
      const socket = newest();
      return new Promise<SocketAck>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(envelopeId);
          reject(new Error(`no acknowledgement of ${type} envelope ${envelopeId} within ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(envelopeId, (ack) => {
          clearTimeout(timer);
          pending.delete(envelopeId);
          resolve(ack);
        });
        socket.send(
          JSON.stringify({
            envelope_id: envelopeId,
            type,
            payload,
            accepts_response_payload: type !== 'events_api',
            retry_attempt: 0,
            retry_reason: '',
          }),
        );
      });
    },
    requestReconnect() {
      newest().send(
        JSON.stringify({ type: 'disconnect', reason: 'refresh_requested', debug_info: { host: 'fake-socket-mode' } }),
      );
    },
    dropConnection() {
      newest().close(1001, 'going away');
    },
    close() {
      for (const socket of connections) socket.terminate();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
