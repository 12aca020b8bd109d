// The lab's simulated clock: it starts at the scenario's moment and moves one second per reading,
// so consecutive commands get distinct, reproducible timestamps (iptables-save's header, log
// lines) without ever looking at the real time.

export class SimClock {
	#ms: number;
	readonly #step: number;

	constructor(startMs: number, stepMs = 1000) {
		this.#ms = startMs;
		this.#step = stepMs;
	}

	/** The current time, then one step later for the next reader. */
	tick(): number {
		const now = this.#ms;
		this.#ms += this.#step;
		return now;
	}

	peek(): number {
		return this.#ms;
	}
}
