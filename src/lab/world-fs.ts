// The filesystem a world shell sees, following the shell's location: the node's files on the
// node and after nsenter (nsenter -n/-u keeps the mount namespace), a container's own files after
// kubectl exec. Each place gets one MemoryFs, built on first use and kept, so a file written to
// /tmp in a container is there the next time. Files under /proc/net are generated on every read
// from the namespace the reader is in, as the kernel's /proc/self/net is.

import { procNetTcp, procNetTcp6 } from '../commands/files/proc-net-tcp';
import { MemoryFs, type FileStat, type FsError, type FsFailure, type VirtualFs } from '../shell';
import { filesAt, netnsOf, nodeByName } from '../world';
import type { Location, Pod, World } from '../world/types';
import { capabilitiesAt, identityAt, mountKey } from './location-info';
import type { WorldHandle } from './world-handle';

/**
 * The node's /etc/hosts and /etc/resolv.conf as Docker writes them for a kind node container on
 * the `kind` network, after kind's entrypoint replaced Docker's embedded DNS (127.0.0.11) with
 * the network's gateway (kind's images/base/files/usr/local/bin/entrypoint, enable_network_magic).
 */
function nodeEtc(world: World, at: Location): Record<string, string> {
	const node = nodeByName(world, at.node);
	if (node === undefined) return {};
	const gateway = node.ip.replace(/\.\d+$/, '.1');
	return {
		'/etc/hostname': `${node.hostname}\n`,
		'/etc/hosts': `127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nff00::0\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n${node.ip}\t${node.hostname}\n`,
		'/etc/resolv.conf': `nameserver ${gateway}\noptions ndots:0\n`,
	};
}

/** RFC 3339 with nanoseconds, trailing zeros dropped, as Go's time.RFC3339Nano prints. */
function rfc3339Nano(ms: number): string {
	return new Date(ms).toISOString().replace(/\.?0+Z$/, 'Z');
}

/**
 * A container's log as the kubelet's CRI logger keeps it under /var/log/pods: one
 * `<time> stdout F <line>` per line written (pkg/kubelet/kuberuntime/logs). The time is the one
 * the line carries when it starts with a timestamp, else the container's start.
 */
function criLog(text: string, startedAt: number): string {
	let at = startedAt;
	let out = '';
	for (const line of text.split('\n').slice(0, text.endsWith('\n') ? -1 : undefined)) {
		const stamp = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z)\t/.exec(line);
		if (stamp !== null) at = Date.parse(stamp[1] ?? '') || at;
		out += `${rfc3339Nano(at)} stdout F ${line}\n`;
	}
	return out;
}

/** /var/log/pods/<ns>_<pod>_<uid>/<container>/0.log: the kubelet creates one per container, empty or not. */
function podLogs(pod: Pod): Record<string, string> {
	const out: Record<string, string> = {};
	for (const c of pod.containers) out[`/var/log/pods/${pod.namespace}_${pod.name}_${pod.uid}/${c.name}/0.log`] = criLog(c.logs, c.state.startedAt);
	return out;
}

export class LocationFs implements VirtualFs {
	private readonly mounts = new Map<string, MemoryFs>();

	constructor(private readonly handle: WorldHandle) {}

	/** Forgets every place's files (the lab's reset). */
	clear(): void {
		this.mounts.clear();
	}

	/** The filesystem of a place, built on first use. */
	at(loc: Location): MemoryFs {
		const key = mountKey(loc);
		let fs = this.mounts.get(key);
		if (fs === undefined) {
			fs = this.build(loc);
			this.mounts.set(key, fs);
		}
		return fs;
	}

	private get here(): MemoryFs {
		return this.at(this.handle.location);
	}

	stat(path: string): FileStat | FsError {
		return this.here.stat(path);
	}

	read(path: string): string | FsFailure {
		return this.here.read(path);
	}

	write(path: string, data: string, append: boolean): FsError | undefined {
		return this.here.write(path, data, append);
	}

	list(path: string): readonly string[] | FsError {
		return this.here.list(path);
	}

	mkdir(path: string): FsError | undefined {
		return this.here.mkdir(path);
	}

	private build(loc: Location): MemoryFs {
		const world = this.handle.world;
		const fs = new MemoryFs();
		const id = identityAt(world, loc);
		for (const dir of ['/tmp', '/etc', '/proc/net', '/var/log', '/usr/bin', '/usr/sbin', '/usr/local/bin', id.home, loc.cwd]) fs.mkdirs(dir);
		const logs: Record<string, string> = {};
		if (loc.kind !== 'exec') for (const p of world.pods.filter((q) => q.nodeName === loc.node)) Object.assign(logs, podLogs(p));
		const files: Record<string, string> = loc.kind === 'exec' ? { ...filesAt(world, loc) } : { ...nodeEtc(world, loc), ...filesAt(world, loc), ...logs };
		for (const [path, text] of Object.entries(files)) fs.setFile(path, text, { readOnly: loc.kind === 'exec' && path.startsWith('/etc/istio/') });
		// /proc/net is the reader's namespace, read when the file is read.
		const view = (render: typeof procNetTcp) => () => {
			const h = this.handle;
			const kernelPointers = capabilitiesAt(h.world, h.location).includes('SYSLOG');
			return render(netnsOf(h.world, h.location.netns).sockets, { kernelPointers, now: h.now(), seed: h.world.seed });
		};
		fs.setFile('/proc/net/tcp', view(procNetTcp));
		fs.setFile('/proc/net/tcp6', view(procNetTcp6));
		return fs;
	}
}
