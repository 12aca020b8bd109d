// Which simulator runs behind each lab, keyed by `data-scenario`: the rules lab (one network
// namespace and its shell, src/lab/rules-lab.ts) or a world lab (a scenario's world, fetched as
// data: world-session.ts). A world lab cannot start without its data: the element fetches it
// while the code loads and passes it here.
//
// The rules lab (./rules-session.ts) is a chunk of its own, imported when one mounts; a world lab's
// commands come in groups, each when a line first names one (src/lab/lazy-commands.ts).

import { checkLabProps, type LabScenarioId } from '../../data/labs';
import { decodeLabData } from './lab-data';
import { registerManifests } from './manifests';
import type { Fetcher } from './lazy-files';
import { WorldLabSession } from './world-session';
import type { LabSession, Lang } from '../../terminal';

export interface SessionOptions {
	/** Where the shell starts (see LAB_SCENARIOS' locations). */
	readonly at: string | undefined;
	readonly lang: Lang;
	/** A world lab's start payload (/lab-data/<scenario>/<hash>.json, parsed), and how to fetch its lazy files. */
	readonly data?: unknown;
	readonly fetcher?: Fetcher;
}

export type Made = { ok: true; session: LabSession } | { ok: false; error: string };
type Factory = (opts: SessionOptions) => Made | Promise<Made>;

function worldSession(opts: SessionOptions): Made {
	if (opts.data === undefined) return { ok: false, error: "the lab's data did not arrive" };
	const decoded = decodeLabData(opts.data);
	if (!decoded.ok) return decoded;
	// kubectl's manifests, as the build parsed them (in the page, kubectl's `yaml` is ./manifests.ts).
	registerManifests(decoded.manifests);
	const fetcher: Fetcher = opts.fetcher ?? (() => Promise.reject(new Error('no fetcher')));
	return WorldLabSession.create({ scenario: decoded.scenario, programs: decoded.programs, lazy: decoded.lazy, fetcher, at: opts.at, lang: opts.lang });
}

const FACTORIES: Readonly<Record<LabScenarioId, Factory>> = {
	'recorder-pod': (opts) => import('./rules-session').then((m) => m.rulesSession(opts)),
	bookinfo: worldSession,
	'bookinfo-cni': worldSession,
	'bookinfo-tproxy': worldSession,
	'bookinfo-registry-only': worldSession,
	'bookinfo-localhost': worldSession,
};

export async function createLabSession(scenario: string, opts: SessionOptions): Promise<Made> {
	const checked = checkLabProps(scenario, opts.at);
	if (!checked.ok) return checked;
	return FACTORIES[checked.scenario]({ ...opts, at: checked.at });
}
