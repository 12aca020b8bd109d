// istioctl for the lab's terminal: `proxy-config` (pc) over the Envoy model, `proxy-status`,
// `version`. The world lab plugs its pods in through IstioctlProvider (provider.ts); `-f FILE`
// reads the shell's file system.

import type { CommandSpec } from '../../shell';
import type { IstioctlProvider } from './provider';
import { runIstioctl } from './run';

export type { IstioctlProvider, PodRef, ProxyStatusRow, Fetched } from './provider';
export { podNotFound } from './provider';
export { runIstioctl } from './run';

/** The `istioctl` command; `-f` paths are read from the shell's file system (`-` is standard input). */
export function istioctl(provider: IstioctlProvider): CommandSpec {
	return {
		name: 'istioctl',
		path: '/usr/local/bin/istioctl',
		help: {
			summary: { en: 'Istio control interface: proxy-config, proxy-status, x describe pod, version', zh: 'Istio 命令行工具：proxy-config、proxy-status、x describe pod、version' },
			usage: 'istioctl [command]',
		},
		run(args, ctx) {
			const withFs: IstioctlProvider = {
				...provider,
				now: () => provider.now(),
				configDump: (p) => provider.configDump(p),
				readFile: (path) => {
					if (path === '-') return { ok: true, text: ctx.stdin.readAll() };
					const got = ctx.fs.read(path.startsWith('/') ? path : `${ctx.cwd.replace(/\/$/, '')}/${path}`);
					return typeof got === 'string' ? { ok: true, text: got } : { ok: false, error: `open ${path}: no such file or directory` };
				},
			};
			return runIstioctl(args, withFs, ctx.lang);
		},
	};
}
