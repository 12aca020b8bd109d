// Public API of packet evaluation: open connections, send packets, read traces.

export * from './types';
export { openConnection, openConnections, type OpenManyResult, sendPacket, sendPackets, closeConnection, resetConnection, type Connection, type ConnectionSpec, type Header, type OpenResult, type OpenOptions, type PacketResult, type PacketSpec, type Side } from './connection';
export { applyTraces } from './counters';
export { ruleText } from './rule';
export { STAGES, PRIORITY, BACKEND_ORDER, NFT_JUMP_STACK_SIZE, conntrackActive, manipAt, type Stage } from './stages';
export { findListener, findEstablished, lookupSocket, endpointText } from './sockets';
