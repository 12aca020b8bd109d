// `hops`: the lab's own tool that explains the last request made in this lab hop by hop (DNS,
// the app's socket, each nat rule, Envoy's listener, filter chain, route, cluster, endpoint, the
// upstream connection, the peer's sidecar, the app), each hop with its lesson section.
// `hops curl …` runs that curl first (where curl exists), then explains it.

import type { WorldHandle } from '../../lab/world-handle';
import { isProcess, type CommandSpec, type Outcome } from '../../shell/types';
import { noRequest, renderPath } from './render';

export { renderPath, hopText, sectionUrl } from './render';

const USAGE = 'hops [curl ARGS...]';

export function hopsCommand(handle: WorldHandle): CommandSpec {
	return {
		name: 'hops',
		path: '/usr/local/bin/hops',
		help: {
			summary: {
				en: 'explain the last request made in this lab hop by hop (rules, Envoy listener, route, cluster, endpoint), each hop with its lesson section; `hops curl URL` makes one first',
				zh: '逐跳解释本实验中最近一次请求（iptables 规则、Envoy 监听器、路由、集群、端点），每一跳附上讲解它的课程小节；`hops curl URL` 先发出请求再解释',
			},
			usage: USAGE,
		},
		run(args, ctx): Outcome {
			if (args.length > 0 && args[0] !== 'curl') {
				const msg = ctx.lang === 'zh' ? `hops：只能解释 curl 发出的请求，用法：${USAGE}\n` : `hops: only curl requests can be explained; usage: ${USAGE}\n`;
				return { stdout: '', stderr: msg, exitCode: 2 };
			}
			let stdout = '';
			let stderr = '';
			let exitCode = 0;
			if (args.length > 0) {
				const before = handle.world.lastRequest;
				const ran = ctx.shell.exec(args, '');
				if (ran === undefined) return { stdout: '', stderr: ctx.lang === 'zh' ? 'hops：此处没有 curl\n' : 'hops: curl is not installed here\n', exitCode: 127 };
				// A transfer that takes simulated time runs as a process; `hops` explains it once it ended.
				if (isProcess(ran)) return ran;
				stdout = ran.stdout;
				stderr = ran.stderr;
				exitCode = ran.exitCode;
				if (handle.world.lastRequest === before) return { stdout, stderr, exitCode };
				if (stdout !== '' && !stdout.endsWith('\n')) stdout += '\n';
			}
			const last = handle.world.lastRequest;
			if (last === undefined) return { stdout, stderr: stderr + noRequest(ctx.lang), exitCode: 1 };
			return { stdout: stdout + renderPath(last, ctx.lang), stderr, exitCode };
		},
	};
}
