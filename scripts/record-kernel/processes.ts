// Which stand-in processes run in which pod, as what user, listening where.
//
// Sidecar pod (10.244.1.5):
//   envoy        uid/gid 1337  127.0.0.1:15000 admin, 0.0.0.0:15001 virtualOutbound,
//                              0.0.0.0:15006 virtualInbound, 0.0.0.0:15021 health, 0.0.0.0:15090 stats
//   pilot-agent  uid/gid 1337  *:15020 status (dual stack), 127.0.0.1:15004 debug
//   app          uid/gid 0     0.0.0.0:9080 http, 0.0.0.0:9090 metrics
// Peer pod (10.244.1.6):
//   app ("peer-app") uid 0     0.0.0.0:9080 http, 0.0.0.0:3306 mysql
//
// Backlogs: Envoy's default tcp_backlog_size is 128; pilot-agent is a Go program, and Go listens
// with net.core.somaxconn (4096 in a new network namespace); the apps use 128.
import { ENDPOINTS } from './cases.ts';
import type { CaseSpec } from './cases.ts';
import type { StandinSpec } from './standins.ts';
import { PEER, SIDECAR } from './topology.ts';

export function standinSpecs(c: CaseSpec): StandinSpec[] {
  return [
    {
      key: 'peer-app', comm: 'app', netns: PEER.netns, uid: 0, gid: 0, caps: [],
      config: {
        name: 'peer-app',
        listeners: [
          { name: 'http', addr: '0.0.0.0', port: 9080, kind: 'respond', backlog: 128 },
          { name: 'mysql', addr: '0.0.0.0', port: 3306, kind: 'respond', backlog: 128 },
        ],
      },
    },
    {
      key: 'app', comm: 'app', netns: SIDECAR.netns, uid: 0, gid: 0, caps: [],
      config: {
        name: 'app',
        listeners: [
          { name: 'http', addr: '0.0.0.0', port: 9080, kind: 'respond', backlog: 128 },
          { name: 'metrics', addr: '0.0.0.0', port: 9090, kind: 'respond', backlog: 128 },
        ],
      },
    },
    {
      key: 'pilot-agent', comm: 'pilot-agent', netns: SIDECAR.netns, uid: 1337, gid: 1337, caps: [],
      config: {
        name: 'pilot-agent',
        listeners: [
          { name: 'status', addr: '::', port: 15020, family: 6, v6only: false, kind: 'respond', backlog: 4096 },
          { name: 'debug', addr: '127.0.0.1', port: 15004, kind: 'respond', backlog: 4096 },
        ],
      },
    },
    {
      key: 'envoy', comm: 'envoy', netns: SIDECAR.netns, uid: 1337, gid: 1337,
      caps: c.transparentInbound ? ['net_admin', 'net_raw'] : [],
      config: {
        name: 'envoy',
        listeners: [
          { name: 'admin', addr: '127.0.0.1', port: 15000, kind: 'respond', backlog: 128 },
          { name: 'virtualOutbound', addr: '0.0.0.0', port: 15001, kind: 'outbound', backlog: 128 },
          { name: 'virtualInbound', addr: '0.0.0.0', port: 15006, kind: 'inbound', backlog: 128,
            transparent: c.transparentInbound },
          { name: 'health', addr: '0.0.0.0', port: 15021, kind: 'respond', backlog: 128 },
          { name: 'stats', addr: '0.0.0.0', port: 15090, kind: 'respond', backlog: 128 },
        ],
        endpoints: ENDPOINTS,
        inboundSource: '127.0.0.6',
        ownCapturePorts: [15001, 15006],
      },
    },
  ];
}
