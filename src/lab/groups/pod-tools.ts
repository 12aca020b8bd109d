// The pod's netfilter tools: the iptables family and conntrack (programs of the images that ship
// them), istio-iptables (the node's, as the CNI plugin runs it) and the lab's `trace`.

import type { WorldCommand, WorldCommandFactory } from '../world-registry';
import { worldPodCommands } from '../world-pod';

function podTools(kind: 'programs' | 'node' | 'lab'): WorldCommandFactory {
	return (handle) =>
		worldPodCommands(handle).filter((s) => (kind === 'programs' ? s.name === 'iptables' || s.name === 'conntrack' : kind === 'node' ? s.name === 'istio-iptables' : s.name === 'trace'));
}

export const COMMANDS: readonly WorldCommand[] = [
	{ factory: podTools('programs'), where: 'program' },
	{ factory: podTools('node'), where: 'node' },
	{ factory: podTools('lab'), where: 'everywhere' },
];
