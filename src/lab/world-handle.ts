// What a command of the pod world sees: the world as it is now (a mutable slot holding an
// immutable World; a command that changes the world stores the new value), where the shell
// stands, and the injected clock and random source. Every world command is a factory
// `(handle: WorldHandle) => CommandSpec`, so the same command serves the browser lab, the CLI
// and the tests, each with its own handle.

import type { CaptureSource } from '../capture/feed';
import type { Lang } from '../shell/types';
import type { Tap } from '../sockets-view/dial';
import type { Location, NetnsId, World } from '../world/types';

/** The lab's packet capture (./world-capture.ts): the tap traffic goes through, the feeds tcpdump reads. */
export interface Traffic {
	readonly tap: Tap;
	feed(netns: NetnsId): CaptureSource;
}

export interface WorldHandle {
	world: World;
	/** Where the shell stands: the node, a netns entered with nsenter, or a container. */
	location: Location;
	readonly lang: Lang;
	/** The simulated clock in milliseconds; each call may move it forward. */
	now(): number;
	/** In [0, 1), seeded. */
	random(): number;
	/**
	 * Present when the session has a controlling terminal (the page, an interactive CLI): tools
	 * that size their output to it when any of their standard streams is the terminal (ps)
	 * read its width here. Absent for scripts whose output goes to a file or a pipe.
	 */
	readonly terminal?: { readonly columns: number };
	/** Where curl and nc publish their packets and tcpdump captures them; absent, nothing is captured. */
	readonly traffic?: Traffic;
}
