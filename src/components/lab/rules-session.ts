// The rules lab as a terminal session: one network namespace with istio-init's rules and its
// shell (src/lab/rules-lab.ts), as `sidecar-lab --rules` builds it. Its own chunk: ./sessions.ts
// imports it when a rules lab mounts, so the world labs never load it.
//
// It ships the shell tools it needs, named one by one: the recorder pod has no JSON to filter, so
// it has every tool but jq (a world lab has jq, for Envoy's JSON).

import { SIDECAR_INIT_DEFAULT_V4 } from '../../data/lab-rules';
import { createRulesLab } from '../../lab/rules-lab';
import { awk } from '../../shell/commands/awk';
import { cat } from '../../shell/commands/cat';
import { cd } from '../../shell/commands/cd';
import { clear } from '../../shell/commands/clear';
import { cut } from '../../shell/commands/cut';
import { echo } from '../../shell/commands/echo';
import { exit } from '../../shell/commands/exit';
import { exportBuiltin } from '../../shell/commands/export';
import { falseCommand } from '../../shell/commands/false';
import { grep } from '../../shell/commands/grep';
import { head } from '../../shell/commands/head';
import { help } from '../../shell/commands/help';
import { history } from '../../shell/commands/history';
import { ls } from '../../shell/commands/ls';
import { printf } from '../../shell/commands/printf';
import { pwd } from '../../shell/commands/pwd';
import { sed } from '../../shell/commands/sed';
import { seq } from '../../shell/commands/seq';
import { sleep } from '../../shell/commands/sleep';
import { sort } from '../../shell/commands/sort';
import { tail } from '../../shell/commands/tail';
import { tee } from '../../shell/commands/tee';
import { tr } from '../../shell/commands/tr';
import { trueCommand } from '../../shell/commands/true';
import { type } from '../../shell/commands/type';
import { uniq } from '../../shell/commands/uniq';
import { unset } from '../../shell/commands/unset';
import { wc } from '../../shell/commands/wc';
import { which } from '../../shell/commands/which';
import { xargs } from '../../shell/commands/xargs';
import { yes } from '../../shell/commands/yes';
import type { CommandSpec } from '../../shell/types';
import { ShellSession } from '../../terminal';
import type { Made, SessionOptions } from './sessions';

/** bash's builtins and the text tools, as src/shell/commands/index.ts lists them, without jq. */
export const RULES_LAB_TOOLS: readonly CommandSpec[] = [
	echo, printf, cd, pwd, exportBuiltin, unset, trueCommand, falseCommand, exit, history, type, help,
	cat, ls, grep, sed, awk, head, tail, wc, sort, uniq, cut, tee, tr, xargs, seq, sleep, yes, clear, which,
];

/** A rules lab as a terminal session, as `sidecar-lab --rules` builds it; its prompt is bash's in colour, `root@sidecar-pod:~# `. */
export function rulesSession(opts: SessionOptions): Made {
	const rules = SIDECAR_INIT_DEFAULT_V4;
	const create = () => {
		const made = createRulesLab({ rules, lang: opts.lang, tty: true, tools: RULES_LAB_TOOLS });
		// The rules are fixed data checked by the tests: failing to load them is a bug.
		if (!made.ok) throw new Error(`broken invariant: the lab's rules do not load: ${made.error}`);
		return made.lab;
	};
	return { ok: true, session: new ShellSession({ colour: true, create }) };
}
