// `tcpdump`, bound when it starts to the capture feed of the namespace it runs in.

import { CaptureFeed } from '../../capture/feed';
import { parseTcpdumpArgs, runTcpdump } from '../../commands/tcpdump';
import { resolverFromFiles } from '../../netfilter/names';
import type { CommandSpec } from '../../shell/types';
import { DEBIAN_SERVICES } from '../../sockets-view/services-data';
import { hostsAt } from '../../sockets-view/world';
import { filesAt, netnsOf } from '../../world';
import { capabilitiesAt } from '../location-info';
import type { WorldHandle } from '../world-handle';
import type { WorldCommand } from '../world-registry';

/** A feed nobody publishes to, for a handle without the lab's capture. */
const SILENT = new CaptureFeed();

/**
 * `tcpdump` in the namespace where the shell stands. Opening a packet socket needs CAP_NET_RAW
 * (packet_create); without it libpcap 1.10.3 reports EPERM for any device, before it looks the
 * device up or compiles the filter, as recorded as uid 1337 with no capabilities:
 *   tcpdump: eth0: You don't have permission to perform this capture on that device
 *   (socket: Operation not permitted)
 * -D, -h and --version open no socket.
 */
export function tcpdumpForWorld(handle: WorldHandle): CommandSpec {
	return {
		name: 'tcpdump',
		path: '/usr/bin/tcpdump',
		help: {
			summary: {
				en: 'print the packets a device of the pod sees (tcpdump 4.99): before netfilter on the way in, after it on the way out',
				zh: '打印 Pod 网卡上看到的数据包（tcpdump 4.99）：入方向在 netfilter 之前抓到，出方向在 netfilter 之后抓到',
			},
			usage: 'tcpdump [-AnlqSvxX#] [ -c count ] [ -i interface ] [ -Q in|out|inout ] [ expression ]',
		},
		run(args, ctx) {
			const at = handle.location;
			const ns = netnsOf(handle.world, at.netns).netns;
			const parsed = parseTcpdumpArgs(args);
			if (parsed.ok && parsed.args.action === 'capture' && !capabilitiesAt(handle.world, at).includes('NET_RAW')) {
				const device = parsed.args.iface ?? ns.interfaces.find((i) => i.kind !== 'loopback' && i.flags.includes('UP'))?.name ?? 'lo';
				return { stdout: '', stderr: `tcpdump: ${device}: You don't have permission to perform this capture on that device\n(socket: Operation not permitted)\n`, exitCode: 1 };
			}
			const files = filesAt(handle.world, at);
			const names = resolverFromFiles({
				hosts: hostsAt(handle.world, at),
				services: files['/etc/services'] ?? DEBIAN_SERVICES.join('\n'),
				...(files['/etc/passwd'] !== undefined ? { passwd: files['/etc/passwd'] } : {}),
				...(files['/etc/group'] !== undefined ? { group: files['/etc/group'] } : {}),
			});
			const netns = at.netns;
			return runTcpdump(args, { netns: () => netnsOf(handle.world, netns).netns, capture: handle.traffic?.feed(netns) ?? SILENT, names }, ctx.lang);
		},
	};
}

export const COMMANDS: readonly WorldCommand[] = [{ factory: tcpdumpForWorld, where: 'program' }];
