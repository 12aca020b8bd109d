// The shell's own commands: bash builtins and the text tools a learner pipes the world's output
// through. The world's commands (iptables, ss, curl ...) are registered by their own modules.

import type { CommandSpec } from '../types';
import { awk } from './awk';
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
import { jq } from './jq';
import { ls } from './ls';
import { printf } from './printf';
import { pwd } from './pwd';
import { sed } from './sed';
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

export const TEXT_TOOLS: readonly CommandSpec[] = [cat, ls, grep, sed, awk, jq, head, tail, wc, sort, uniq, cut, tee, tr, xargs, seq, sleep, yes, clear, which];
