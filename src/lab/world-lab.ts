// A lab on a scenario's world: the world built from the scenario's files, a terminal that starts
// where the lesson says (the node as root; a pod's network namespace as after
// `nsenter -t <envoy pid> -n`; a container as after `kubectl exec -it POD -c C -- bash`), and
// every command of the world bound to one WorldHandle. The same function serves the page, the
// CLI (`sidecar-lab --scenario ID --at POD`) and the tests. A session started in a pod or a
// container is one shell deep, as if the learner had typed nsenter or kubectl exec on the node:
// `exit` goes back to the node's shell.
//
//   const made = createWorldLab({ files, scenario: 'bookinfo', at: 'productpage-v1-…/istio-proxy' });
//   if (!made.ok) print(made.error);
//   made.lab.shell.run('iptables -t nat -S')   // the shell: run, start, prompt, reset, history
//   made.lab.handle.world                      // the world as the commands left it

import { formatScenarioError, loadScenario } from '../world';
import { buildWorld } from '../world/build';
import { WORLD_COMMANDS } from './world-commands';
import { worldLabFrom, type WorldLab, type WorldLabOptions } from './world-lab-core';

export { findPod, startPlan, worldLabFrom, type WorldLab, type WorldLabOptions } from './world-lab-core';

/** A lab on the scenario `opts.scenario` of `opts.files`, with every world command. */
export function createWorldLab(opts: WorldLabOptions): { ok: true; lab: WorldLab } | { ok: false; error: string } {
	const loaded = loadScenario(opts.files, opts.scenario);
	if (!loaded.ok) return { ok: false, error: loaded.errors.map(formatScenarioError).join('\n') };
	return worldLabFrom(loaded.value, opts, WORLD_COMMANDS, buildWorld);
}
