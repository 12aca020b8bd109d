// Building world labs for tests: the shipped scenarios read from disk once, and a helper that runs
// lines and returns what the terminal showed.

import { createWorldLab, type WorldLab, type WorldLabOptions } from '../../../src/lab/world-lab';
import { scenarioFiles } from '../world/helpers';

export function lab(opts: Partial<WorldLabOptions> = {}): WorldLab {
	const made = createWorldLab({ files: scenarioFiles(), scenario: 'bookinfo', ...opts });
	if (!made.ok) throw new Error(made.error);
	return made.lab;
}

/** Runs each line; returns stdout, stderr and the last exit status, as the terminal saw them. */
export function run(l: WorldLab, ...lines: string[]): { stdout: string; stderr: string; exitCode: number } {
	let stdout = '';
	let stderr = '';
	let exitCode = 0;
	for (const line of lines) {
		const r = l.shell.run(line);
		stdout += r.stdout;
		stderr += r.stderr;
		exitCode = r.exitCode;
	}
	return { stdout, stderr, exitCode };
}

export const PRODUCTPAGE = 'productpage-v1-54bb874995-hhx8q';
export const SLEEP = 'sleep-5577c64d7c-9xn2w';
export const DETAILS = 'details-v1-65cfcf56f9-vq8kj';
export const REVIEWS_V1 = 'reviews-v1-6584ddcf65-dq2tx';

/**
 * A variant of bookinfo whose node has the debugging tools installed (tcpdump, net-tools, lsof,
 * netcat), as a learner would add them with apt-get: kindest/node ships none of them.
 */
export const TOOLS_SCENARIO = `schema: 1
id: tools
extends: bookinfo
title: { en: Bookinfo with tcpdump on the node, zh: 节点上装了 tcpdump 的 Bookinfo }
nodes:
  - name: kind-worker
    binaries: [bash, sh, cat, ls, grep, sed, awk, head, tail, sort, uniq, wc, cut, ps, id, whoami, hostname, ip, ss, iptables, iptables-save, iptables-restore, iptables-nft, iptables-legacy, ip6tables, conntrack, nsenter, crictl, ctr, curl, mount, systemctl, journalctl, tcpdump, netstat, lsof, nc]
`;

/** A lab on the tools variant: captures run as root on the node (after nsenter, in a pod's netns). */
export function toolsLab(opts: Partial<WorldLabOptions> = {}): WorldLab {
	const made = createWorldLab({ files: { ...scenarioFiles(), 'tools/scenario.yaml': TOOLS_SCENARIO }, scenario: 'tools', ...opts });
	if (!made.ok) throw new Error(made.error);
	return made.lab;
}
