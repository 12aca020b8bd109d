// The shell's own commands: bash builtins and the text tools a learner pipes the world's output
// through. The world's commands (iptables, ss, curl ...) are registered by their own modules.
// ./base.ts holds all but the three big text tools (awk, sed, jq), which the page's world labs
// load on first use (src/lab/groups).

import { Registry } from '../registry';
import type { CommandSpec } from '../types';
import { awk } from './awk';
import { BUILTINS, SMALL_TEXT_TOOLS } from './base';
import { jq } from './jq';
import { sed } from './sed';

export { BUILTINS, SMALL_TEXT_TOOLS, baseRegistry } from './base';

export const TEXT_TOOLS: readonly CommandSpec[] = [...SMALL_TEXT_TOOLS, sed, awk, jq];

/** A registry with every command of the shell itself (builtins and text tools). */
export function standardRegistry(): Registry {
	return new Registry([...BUILTINS, ...TEXT_TOOLS]);
}
