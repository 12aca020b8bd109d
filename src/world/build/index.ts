// buildWorld(scenario, { seed, now }): the world as ./world.ts builds it, its rules programmed by
// running what the cluster ran (istio-iptables, iptables-restore: ./rules.ts). The page replays a
// recording of that instead (./program.ts), so it imports ./world.ts, not this module.

import type { LoadResult } from '../scenario/errors';
import type { Scenario } from '../scenario/types';
import type { World } from '../types';
import { recordingPrograms, type RecordedPrograms } from './program';
import { PROGRAMMING } from './rules';
import { buildWorldWith, type BuildOptions } from './world';

export { buildWorldWith, type BuildOptions } from './world';

export function buildWorld(scenario: Scenario, opts: BuildOptions): LoadResult<World> {
	return buildWorldWith(scenario, opts, PROGRAMMING);
}

/** The world, and what programming its namespaces left behind: what the lab's data ships. */
export function buildAndRecord(scenario: Scenario, opts: BuildOptions): { built: LoadResult<World>; recorded: RecordedPrograms } {
	const { programmer, recorded } = recordingPrograms(PROGRAMMING);
	return { built: buildWorldWith(scenario, opts, programmer), recorded };
}
