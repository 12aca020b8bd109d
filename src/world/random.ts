// The seeded random source. Nothing in the world calls Math.random: every port, inode, PID gap and
// container-side detail comes from here, so the same seed always gives the same world.
//
// The generator is a Weyl sequence (state += golden-ratio constant) passed through the 32-bit
// finaliser of MurmurHash3: tiny, fast, and good enough for picking ports. Builders use `fork`,
// which derives an independent stream from a label (`pod/default/productpage-v1/ports`), so adding
// a pod to a scenario does not reshuffle the numbers of the pods already there.

const GOLDEN = 0x9e3779b9;

/** MurmurHash3's fmix32: spreads every input bit over the output. */
function mix(x: number): number {
	let z = x | 0;
	z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
	z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
	return (z ^ (z >>> 16)) >>> 0;
}

/** FNV-1a over the UTF-16 code units of a label, mixed with the seed. */
export function hashLabel(seed: number, label: string): number {
	let h = 0x811c9dc5 ^ mix(seed);
	for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193);
	return mix(h);
}

export class Random {
	private s: number;

	constructor(state: number) {
		this.s = state | 0;
	}

	/** The state to store (World.alloc.random) and resume from with `new Random(state)`. */
	get state(): number {
		return this.s;
	}

	/** A float in [0, 1). */
	next(): number {
		this.s = (this.s + GOLDEN) | 0;
		return mix(this.s) / 0x100000000;
	}

	/** An integer in [lo, hi], both included. */
	int(lo: number, hi: number): number {
		return lo + Math.floor(this.next() * (hi - lo + 1));
	}

	/** `n` lowercase hex digits (container ids, veth names, MACs). */
	hex(n: number): string {
		let out = '';
		while (out.length < n) out += mix((this.s = (this.s + GOLDEN) | 0)).toString(16).padStart(8, '0');
		return out.slice(0, n);
	}
}

/** An independent stream for one purpose, derived from the world's seed and a label. */
export function fork(seed: number, label: string): Random {
	return new Random(hashLabel(seed, label));
}

/** The ephemeral port range of a fresh namespace (net.ipv4.ip_local_port_range). */
export const EPHEMERAL_PORTS = { lo: 32768, hi: 60999 } as const;

/**
 * A free ephemeral port: a random start in the range, then the next free one, as the kernel's
 * __inet_hash_connect probes from a random offset.
 */
export function ephemeralPort(random: Random, used: ReadonlySet<number>): number | undefined {
	const span = EPHEMERAL_PORTS.hi - EPHEMERAL_PORTS.lo + 1;
	let p = random.int(EPHEMERAL_PORTS.lo, EPHEMERAL_PORTS.hi);
	for (let i = 0; i < span; i++) {
		if (!used.has(p)) return p;
		p = p === EPHEMERAL_PORTS.hi ? EPHEMERAL_PORTS.lo : p + 1;
	}
	return undefined;
}
