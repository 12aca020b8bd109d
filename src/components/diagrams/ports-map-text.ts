// The words of PortsMap.astro in both languages. Port numbers, addresses and process names stay
// as ss prints them; only our own sentences are translated.

import type { Lang } from '../../i18n/ui';

export interface PortsMapText {
	readonly title: string;
	readonly desc: string;
	readonly caption: string;
	readonly pod: string;
	readonly proxy: string;
	readonly app: string;
	readonly agentName: string;
	readonly envoyName: string;
	readonly sockets: string;
	readonly forks: string;
	readonly istiodWhere: string;
	readonly appName: string;
	/** The summary of the list that says what the picture says. */
	readonly list: string;
	/** Joins a port and its address in a port's tooltip: `15000 on 127.0.0.1: admin …`. */
	readonly on: string;
	/** What each port is for, by its row id in the ports reference. */
	readonly what: Readonly<Record<PortsMapPortId, string>>;
}

export type PortsMapPortId = 'port-15000' | 'port-15001' | 'port-15006' | 'port-15021' | 'port-15090' | 'port-15020' | 'port-15012' | 'port-15010';

export const PORTS_MAP_TEXT: Readonly<Record<Lang, PortsMapText>> = {
	en: {
		title: 'Ports map of a sidecar pod',
		desc: "The productpage pod has one network namespace. In the istio-proxy container, pilot-agent (PID 1) listens on 15020 and two Unix sockets and starts Envoy; Envoy listens on 15000 at 127.0.0.1 and on 15001, 15006, 15021 and 15090 at 0.0.0.0. In the app container, gunicorn listens on 9080. pilot-agent connects to istiod's 15012. Every port links to the ports reference.",
		caption: 'Two containers, one network namespace: every listening socket belongs to the whole pod. Each port links to its row of the ports reference.',
		pod: 'Pod productpage-v1 · one network namespace (10.244.1.5)',
		proxy: 'istio-proxy container (uid 1337)',
		app: 'productpage container',
		agentName: 'pilot-agent (PID 1 in the container)',
		envoyName: 'envoy (child of pilot-agent)',
		sockets: 'Unix sockets:',
		forks: 'starts',
		istiodWhere: '(on the control-plane node)',
		appName: 'gunicorn (the app)',
		list: 'The map as a list',
		on: 'on',
		what: {
			'port-15000': 'admin, inside the pod only',
			'port-15001': 'captured outbound',
			'port-15006': 'captured inbound',
			'port-15021': 'readiness',
			'port-15090': 'Envoy metrics',
			'port-15020': 'status, health, merged metrics',
			'port-15012': 'xDS and CA (TLS)',
			'port-15010': 'plaintext xDS',
		},
	},
	zh: {
		title: 'Sidecar Pod 的端口地图',
		desc: 'productpage Pod 只有一个网络命名空间。istio-proxy 容器里，pilot-agent（PID 1）监听 15020 和两个 Unix 套接字，并启动 Envoy；Envoy 在 127.0.0.1 上监听 15000，在 0.0.0.0 上监听 15001、15006、15021、15090。应用容器的 gunicorn 监听 9080。pilot-agent 连接 istiod 的 15012。每个端口都链接到端口参考。',
		caption: '两个容器共用一个网络命名空间，所有监听套接字都属于整个 Pod。点击端口可跳到端口参考里对应的那一行。',
		pod: 'Pod productpage-v1 · 共享同一个网络命名空间（10.244.1.5）',
		proxy: 'istio-proxy 容器（UID 1337）',
		app: 'productpage 容器',
		agentName: 'pilot-agent（容器内 PID 1）',
		envoyName: 'envoy（pilot-agent 的子进程）',
		sockets: 'Unix 套接字：',
		forks: '启动',
		istiodWhere: '（运行在控制平面节点上）',
		appName: 'gunicorn（应用）',
		list: '以列表形式查看这张图',
		on: '监听',
		what: {
			'port-15000': '管理接口，仅 Pod 内可达',
			'port-15001': '出站拦截',
			'port-15006': '入站拦截',
			'port-15021': '就绪检查',
			'port-15090': 'Envoy 指标',
			'port-15020': '状态、健康检查与合并指标',
			'port-15012': 'xDS 与证书（TLS）',
			'port-15010': '明文 xDS',
		},
	},
};
