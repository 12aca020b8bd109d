// Public API of the connection-tracking model.

export * from './types';
export { invert, sameTuple, findEntry, tupleInUse, newEntry, track, withNat, putEntry, removeEntry, expire, secondsLeft, originalDestination, type PacketVerdict } from './table';
export { tcpNext, tcpCanStart, tcpTimeout, flagClass, TCP_FLAGS } from './tcp';
export { entryLine, summaryLine, CONNTRACK_BANNER, type RenderOptions } from './render';
