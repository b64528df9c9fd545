import type { PortView } from '../read/ports.js';
import { renderTable } from './table.js';

export function renderPortsText(ports: readonly PortView[]): string {
  if (ports.length === 0) return 'no sockets\n';
  return renderTable(
    ['PROTO', 'LOCAL', 'REMOTE', 'STATE', 'PID', 'PROCESS', 'CONTAINER'],
    ports.map((p) => [p.proto, endpoint(p.local_address, p.local_port), endpoint(p.remote_address, p.remote_port), p.state, p.pid, p.process, p.container]),
  );
}

function endpoint(address: string, port: number): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}
