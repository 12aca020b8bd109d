// bash's builtins and the small text tools: every shell of the lab has them from the start. The
// three big text tools (awk, sed, jq) are in ./index.ts TEXT_TOOLS; a world lab binds them as
// world commands (src/lab/groups), so the page loads each on first use.

import { Registry } from '../registry';
import type { CommandSpec } from '../types';
import { cat } from './cat';
import { cd } from './cd';
import { clear } from './clear';
import { cut } from './cut';
import { echo } from './echo';
import { exit } from './exit';
import { exportBuiltin } from './export';
import { falseCommand } from './false';
import { grep } from './grep';
import { head } from './head';
import { help } from './help';
import { history } from './history';
import { fg, jobs, kill, wait } from './jobs';
import { ls } from './ls';
import { printf } from './printf';
import { pwd } from './pwd';
import { seq } from './seq';
import { sleep } from './sleep';
import { sort } from './sort';
import { tail } from './tail';
import { tee } from './tee';
import { tr } from './tr';
import { trueCommand } from './true';
import { type } from './type';
import { uniq } from './uniq';
import { unset } from './unset';
import { wc } from './wc';
import { which } from './which';
import { xargs } from './xargs';
import { yes } from './yes';

export const BUILTINS: readonly CommandSpec[] = [echo, printf, cd, pwd, exportBuiltin, unset, trueCommand, falseCommand, exit, history, type, help, jobs, fg, kill, wait];

/** The text tools but awk, sed and jq. */
export const SMALL_TEXT_TOOLS: readonly CommandSpec[] = [cat, ls, grep, head, tail, wc, sort, uniq, cut, tee, tr, xargs, seq, sleep, yes, clear, which];

/** The builtins and the small text tools: where a world lab's registries start. */
export function baseRegistry(): Registry {
	return new Registry([...BUILTINS, ...SMALL_TEXT_TOOLS]);
}
