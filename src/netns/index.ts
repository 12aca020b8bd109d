// Public API of the network-namespace model.

export * from './types';
export { newNetns, addLink, addAddress, addRoute, addRule, DEFAULT_RULES, type LinkSpec, type RouteSpec } from './build';
export { route, lookupTable, addressType, primaryAddress, selectSource, type RouteQuery, type RouteDecision } from './route';
export { v4, v4Fast, v4Text, parseCidr, inPrefix, familyOf, isLoopback } from './addr';
