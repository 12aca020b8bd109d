// A world lab's lazy files (lab-data.ts): Envoy config dumps, 0.3–0.5 MB per pod, which only a few
// commands read (`curl localhost:15000/config_dump`, istioctl's proxy-config). The world starts
// without them; each is fetched once, when the learner enters its pod (a prefetch: by the time
// they have typed a command it is usually there) or when a line that may read one starts, and is
// then laid into the world, where it stays across Reset.
//
// Why the line waits rather than the command: the simulator is synchronous (a command cannot stop
// half-way for the network), so the session decides before the line runs whether it may need a
// dump that is not there yet (mayNeed below), and if so the line's Job waits, as a long-running
// command does, until the fetch has settled: the terminal keeps ticking it, Ctrl-C cancels it.
// A failed fetch (offline before the file was ever cached) is said once, and the line runs without.

import type { World } from '../../world/types';
import type { LazyFile } from './lab-data';

export type Fetcher = (url: string) => Promise<string>;

interface Entry {
	readonly path: string;
	readonly file: LazyFile;
	state: 'idle' | 'loading' | 'loaded' | 'failed';
	text?: string;
	error?: string;
	promise?: Promise<void>;
}

/** What the terminal needs from the page: `fetch` for same-origin text, no credentials sent elsewhere. */
export function sameOriginFetch(base: string): Fetcher {
	return async (url) => {
		const target = new URL(url, base);
		if (target.origin !== new URL(base).origin) throw new Error(`refusing to fetch ${target.href} from another origin`);
		const res = await fetch(target, { credentials: 'same-origin' });
		if (!res.ok) throw new Error(`HTTP ${res.status}`);
		return res.text();
	};
}

export class LazyFiles {
	private readonly entries: Entry[];

	constructor(
		files: Readonly<Record<string, LazyFile>>,
		private readonly fetcher: Fetcher,
	) {
		this.entries = Object.entries(files).map(([path, file]) => ({ path, file, state: 'idle' }));
	}

	/** The lazy files of these pods (`namespace/name`). */
	private of(pods: Iterable<string>): Entry[] {
		const keys = new Set(pods);
		return this.entries.filter((e) => e.file.pods.some((p) => keys.has(p)));
	}

	/** A prefetch: starts fetching the files of these pods never asked for yet. */
	fetch(pods: Iterable<string>): void {
		for (const e of this.of(pods)) if (e.state === 'idle') this.load(e);
	}

	/**
	 * Settles once every file of these pods has arrived or failed (a failed one is tried again: the
	 * learner may be back online); undefined if all are there.
	 */
	waitFor(pods: Iterable<string>): Promise<void> | undefined {
		const missing = this.of(pods).filter((e) => e.state !== 'loaded');
		if (missing.length === 0) return undefined;
		return Promise.all(missing.map((e) => this.load(e))).then(() => undefined);
	}

	/** Failures not yet reported, as `path: reason`; each is returned once. */
	takeFailures(pods: Iterable<string>): string[] {
		const out: string[] = [];
		for (const e of this.of(pods)) {
			if (e.state !== 'failed' || e.error === undefined) continue;
			out.push(`${e.path} (${e.error})`);
			e.error = undefined;
		}
		return out;
	}

	/** Paths fetched so far (the tests and the benchmark read it). */
	get loaded(): string[] {
		return this.entries.filter((e) => e.state === 'loaded').map((e) => e.path);
	}

	/**
	 * `world` with every arrived file laid into its pods; the same object when nothing changes
	 * (so a command's cached view of the world stays valid).
	 */
	apply(world: World): World {
		let pods: World['pods'] | undefined;
		for (const e of this.entries) {
			if (e.state !== 'loaded' || e.text === undefined) continue;
			for (const key of e.file.pods) {
				const list = pods ?? world.pods;
				const i = list.findIndex((p) => p.key === key);
				const pod = list[i];
				if (pod?.sidecar === undefined || pod.sidecar.configDump === e.text) continue;
				pods = list.with(i, { ...pod, sidecar: { ...pod.sidecar, configDump: e.text } });
			}
		}
		return pods === undefined ? world : { ...world, pods };
	}

	private load(e: Entry): Promise<void> {
		if (e.promise !== undefined && e.state !== 'failed') return e.promise;
		e.state = 'loading';
		e.promise = this.fetcher(e.file.url).then(
			(text) => {
				e.state = 'loaded';
				e.text = text;
			},
			(err: unknown) => {
				e.state = 'failed';
				e.error = err instanceof Error ? err.message : String(err);
			},
		);
		return e.promise;
	}
}
