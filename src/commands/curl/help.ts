// curl's entry in the lab's `help`, and the lab's own notices (what it does not simulate).

import type { CommandHelp, Lang } from '../../shell/types';

export const CURL_HELP: CommandHelp = {
	summary: {
		en: 'transfer a URL: HTTP requests through the pod network, the sidecar and the apps',
		zh: '传输 URL：经过 Pod 网络、边车和应用的 HTTP 请求',
	},
	usage: 'curl [options...] <url>',
};

export const NOTICES: Readonly<Record<Lang, { readonly option: (o: string) => string; readonly scheme: (s: string) => string; readonly help: (c: string) => string; readonly unmodelled: (what: string) => string }>> = {
	en: {
		option: (o) => `curl: ${o} is not simulated in this lab\n`,
		scheme: (s) => `curl: ${s}:// is not simulated in this lab (only plain http://)\n`,
		help: (c) => `curl: --help ${c} is not simulated in this lab (try curl --help)\n`,
		unmodelled: (what) => `curl: the lab does not model the answer of ${what} yet: the connection was made (see ss, conntrack), but no reply is shown\n`,
	},
	zh: {
		option: (o) => `curl: 本实验未模拟 ${o}\n`,
		scheme: (s) => `curl: 本实验未模拟 ${s}://（只支持明文 http://）\n`,
		help: (c) => `curl: 本实验未模拟 --help ${c}（可试 curl --help）\n`,
		unmodelled: (what) => `curl: 实验尚未建模 ${what} 的应答：连接已经建立（可用 ss、conntrack 查看），但不显示响应\n`,
	},
};
