// The path of a request through the mesh: start with ./types.ts.
export type * from './types';
export { serveConnection, serveOutbound, serveInbound, serveApp, appCall, connectionHops, ruleHops, type MeshEnv, type Served } from './walk';
export { accessLogLine, tcpAccessLogLine, requestId, startTime, type AccessLogEntry } from './access-log';
