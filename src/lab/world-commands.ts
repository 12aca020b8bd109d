// Every world command, as Node has them: all at once, for the CLI, the tests and the build. The
// page's world labs bind the same groups on first use (./lazy-commands.ts, ./groups/lazy.ts). A
// group is the unit the page loads: its commands share code, and a line that names one of them
// waits for the group before it runs.
//
// Colleagues' commands plug in as a group (./groups/<id>.ts exporting COMMANDS, listed here, in
// ./groups/lazy.ts and in the catalog: REFRESH_CATALOG=1 npx vitest run tests/unit/lab/command-groups.test.ts),
// or pass factories in createWorldLab({ extraCommands }) until they land.

import { COMMANDS as awk } from './groups/awk';
import { COMMANDS as core } from './groups/core';
import { COMMANDS as crictl } from './groups/crictl';
import { COMMANDS as docker } from './groups/docker';
import { COMMANDS as hops } from './groups/hops';
import { COMMANDS as ip } from './groups/ip';
import { COMMANDS as istioctl } from './groups/istioctl';
import { COMMANDS as jq } from './groups/jq';
import { COMMANDS as kubectl } from './groups/kubectl';
import { COMMANDS as podTools } from './groups/pod-tools';
import { COMMANDS as ps } from './groups/ps';
import { COMMANDS as sed } from './groups/sed';
import { COMMANDS as sockets } from './groups/sockets';
import { COMMANDS as tcpdump } from './groups/tcpdump';
import { COMMANDS as traffic } from './groups/traffic';
import type { GroupId } from './groups/ids';
import type { WorldCommand } from './world-registry';

/** The groups the page loads on first use, by id. */
export const COMMAND_GROUPS: Readonly<Record<GroupId, readonly WorldCommand[]>> = {
	'pod-tools': podTools,
	ip,
	sockets,
	traffic,
	tcpdump,
	ps,
	crictl,
	kubectl,
	docker,
	istioctl,
	hops,
	jq,
	awk,
	sed,
};

/** The commands every lab has from the start. */
export const CORE_COMMANDS: readonly WorldCommand[] = core;

/** Every world command of a lab. */
export const WORLD_COMMANDS: readonly WorldCommand[] = [...CORE_COMMANDS, ...Object.values(COMMAND_GROUPS).flat()];
