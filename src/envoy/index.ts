// The Envoy configuration model: load a recorded /config_dump and ask it what Envoy would do.
// Start with types.ts (the vocabulary and the path of a connection through a sidecar).

export type * from './types';
export { loadConfigDump, loadConfigDumpJson, parseJson } from './load';
export { normalizeKeys, camelName, isObject, type Json, type JsonObject } from './json';
export { matchFilterChain, findListener, matchVirtualHost, matchRoute, findRouteConfig, findCluster, clusterEndpoints, healthyEndpoints, type ConnectionInfo } from './match';
export { adminClustersFromDump, loadAdminClusters, type ClusterStatus, type HostStatus } from './admin-clusters';
export { parseCertificate, firstPemBlock, rfc3339, type CertInfo } from './x509';
export { HCM, TCP_PROXY } from './build';
