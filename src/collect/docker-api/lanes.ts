import { Agent, type ClientRequestArgs } from 'node:http';
import type { Duplex } from 'node:stream';
import { TLSSocket } from 'node:tls';
import { inspect } from 'node:util';
import type Docker from 'dockerode';
import type { DockerClientFactory } from './client.js';

/**
 * One request at a time: a dockerode client on an agent that opens a fresh connection per
 * request and says when (`onConnection`): when it is opened, and when it is made, which is when
 * the request is written on it.
 */
export interface Lane {
  readonly docker: Docker;
  onConnection: () => void;
}

/**
 * At most `count` API requests in flight, in the order they were asked for. A deadline counted
 * from when a request is sent then measures the daemon: with hundreds in flight at once, each
 * answer would wait for docksnap to take in all the others.
 */
export class Lanes {
  private readonly idle: Lane[];
  private readonly waiting: ((lane: Lane) => void)[] = [];

  constructor(clients: DockerClientFactory, count: number) {
    this.idle = Array.from({ length: count }, () => {
      const lane: Lane = { docker: undefined as unknown as Docker, onConnection: () => undefined };
      return Object.assign(lane, { docker: clients(() => lane.onConnection()) });
    });
  }

  async run<T>(work: (lane: Lane) => Promise<T>): Promise<T> {
    const lane = this.idle.pop() ?? (await new Promise<Lane>((resolve) => this.waiting.push(resolve)));
    try {
      return await work(lane);
    } finally {
      lane.onConnection = () => undefined;
      const next = this.waiting.shift();
      if (next) next(lane);
      else this.idle.push(lane);
    }
  }
}

/**
 * Makes `agent` call `onConnection` when it opens a connection and when that connection is made
 * (the request is written then; over TLS, once the handshake is done).
 */
export function withConnectionClock<A extends Agent>(agent: A, onConnection: () => void): A {
  const open = agent.createConnection.bind(agent) as (options: ClientRequestArgs, callback?: (error: Error | null, socket: Duplex) => void) => Duplex | null | undefined;
  const clocked = (options: ClientRequestArgs, callback?: (error: Error | null, socket: Duplex) => void) => {
    onConnection();
    const socket = open(options, callback);
    socket?.once(socket instanceof TLSSocket ? 'secureConnect' : 'connect', onConnection);
    return socket;
  };
  // docker-modem formats every request's options for its debug log, even when the log is off: keep the agent cheap to format.
  return Object.assign(agent, { createConnection: clocked, [inspect.custom]: () => 'Agent' });
}
