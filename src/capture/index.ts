// Public API of packet capture: where packets are seen, what they carry, and the feed that
// delivers them to tcpdump.

export * from './types';
export { capturePoints } from './points';
export { packetBytes, ipLength, transportChecksum, transportHeaderLength, tcpOptionBytes } from './bytes';
export { advertisedMss, DEFAULT_WSCALE, mssForMtu, newConversation, nextDatagramId, nextSegment, randomSeed, type EndpointSeed, type Segment, type SegmentSpec, type TcpConversation, type TcpEndpoint } from './tcp';
export { traceEvents, type TraceTiming, type TraceWire, type WireOptions } from './wire';
export { CaptureFeed, type CaptureListener, type CaptureSource, type Subscription } from './feed';
