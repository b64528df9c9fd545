import type { PortView } from '../../read/ports.js';
import { socketKey } from '../keys.js';
import { keyed, object, type TreeObject } from '../tree.js';

/** Listening sockets only: connections come and go with every client and say nothing of configuration. */
export function isListening(p: PortView): boolean {
  return p.state === 'LISTEN' || (p.proto.startsWith('udp') && p.remote_port === 0);
}

/** Listening sockets keyed by protocol, address and port, each with the command holding it. */
export function socketsTree(ports: readonly PortView[]): TreeObject {
  return keyed(ports.filter(isListening), socketKey, (p) => object([['process', p.process]]));
}
