// The capture feed of one network namespace: every packet the namespace's devices see, as
// CaptureEvents, delivered to whoever is capturing there (each running tcpdump). The lab publishes
// the events of the traffic it makes (./wire.ts turns engine traces into events); a capture
// subscribes when it starts and disposes of its subscription when it ends, as xterm addons do.

import type { CaptureEvent } from './types';

export type CaptureListener = (events: readonly CaptureEvent[]) => void;

export interface Subscription {
	dispose(): void;
}

/** What a capturing command needs from the lab: a way to subscribe to the namespace's packets. */
export interface CaptureSource {
	subscribe(listener: CaptureListener): Subscription;
}

export class CaptureFeed implements CaptureSource {
	readonly #listeners = new Set<CaptureListener>();

	subscribe(listener: CaptureListener): Subscription {
		// A wrapper per subscription, so the same function may subscribe twice and dispose once.
		const own: CaptureListener = (e) => listener(e);
		this.#listeners.add(own);
		return { dispose: () => void this.#listeners.delete(own) };
	}

	/** Hands the events to every current subscriber, in subscription order. */
	publish(events: readonly CaptureEvent[]): void {
		if (events.length === 0) return;
		for (const l of [...this.#listeners]) l(events);
	}

	get subscribers(): number {
		return this.#listeners.size;
	}
}
