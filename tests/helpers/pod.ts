// The recorder's sidecar pod as an engine state for tests (src/lab/recorder-pod.ts), with rule
// files read from the vendored fixtures.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EMPTY_TABLE } from '../../src/conntrack/types';
import type { EngineState } from '../../src/netfilter/engine/types';
import { emptyState, type Backend, type NetfilterState } from '../../src/netfilter/types';
import {
	loadRules as loadRulesText,
	RECORDER_POD_ETC,
	RECORDER_POD_RESOLVER,
	recorderPodNetns,
	recorderPodSockets,
} from '../../src/lab/recorder-pod';

export const FIXTURES = join(import.meta.dirname, '../fixtures');

export const POD_ETC = RECORDER_POD_ETC;

export const POD_ENV = { resolver: RECORDER_POD_RESOLVER, now: () => new Date(Date.UTC(2026, 10, 21, 5, 40, 44)) };

export const podNetns = recorderPodNetns;
export const podSockets = recorderPodSockets;

export function loadRules(text: string, backend: Backend = 'nft', base: NetfilterState = emptyState()): NetfilterState {
	const r = loadRulesText(text, POD_ENV.now, backend, base);
	if (!r.ok) throw new Error(r.stderr);
	return r.state;
}

export function inputRules(name: string): string {
	return readFileSync(join(FIXTURES, 'iptables/materialized/inputs', `${name}.v4.restore`), 'utf8');
}

export function sidecarState(rules = inputRules('sidecar-init-default'), opts: { backend?: Backend; tproxy?: boolean; sockets?: boolean } = {}): EngineState {
	return {
		netns: podNetns({ tproxy: opts.tproxy === true }),
		netfilter: loadRules(rules, opts.backend ?? 'nft'),
		conntrack: EMPTY_TABLE,
		...(opts.sockets === false ? {} : { sockets: podSockets({ tproxy: opts.tproxy === true }) }),
	};
}
