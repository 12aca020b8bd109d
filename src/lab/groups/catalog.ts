// Made by tests/unit/lab/command-groups.test.ts from the real commands (REFRESH_CATALOG=1 rewrites
// it; without, a stale file fails the test): each group's commands, in the order of its COMMANDS,
// with their names, paths and help, so the page can list, complete and place them before it
// loads them (../lazy-commands.ts).

import type { CommandCatalog } from '../lazy-commands';

export const CATALOG: CommandCatalog = {
	"pod-tools": [
		{
			"where": "program",
			"specs": [
				{
					"name": "iptables",
					"aliases": [
						"iptables-save",
						"iptables-restore",
						"iptables-nft",
						"iptables-nft-save",
						"iptables-nft-restore",
						"iptables-legacy",
						"iptables-legacy-save",
						"iptables-legacy-restore",
						"ip6tables",
						"ip6tables-save",
						"ip6tables-restore",
						"ip6tables-nft",
						"ip6tables-nft-save",
						"ip6tables-nft-restore",
						"ip6tables-legacy",
						"ip6tables-legacy-save",
						"ip6tables-legacy-restore"
					],
					"path": "/usr/sbin/iptables",
					"help": {
						"summary": {
							"en": "list and change the netfilter rules (iptables 1.8.9; also -save, -restore, ip6tables, -nft, -legacy)",
							"zh": "查看和修改 netfilter 规则（iptables 1.8.9；另有 -save、-restore、ip6tables、-nft、-legacy）"
						},
						"usage": "iptables -[ACD] chain rule-specification [options]"
					}
				},
				{
					"name": "conntrack",
					"path": "/usr/sbin/conntrack",
					"help": {
						"summary": {
							"en": "list the connection tracking table (conntrack-tools 1.4.7)",
							"zh": "查看连接跟踪表（conntrack-tools 1.4.7）"
						},
						"usage": "conntrack -L [options]"
					}
				}
			]
		},
		{
			"where": "node",
			"specs": [
				{
					"name": "istio-iptables",
					"path": "/usr/local/bin/istio-iptables",
					"help": {
						"summary": {
							"en": "generate the sidecar's interception rules and apply them (--dry-run only prints them)",
							"zh": "生成 Sidecar 的流量拦截规则并写入内核（加 --dry-run 则只打印不生效）"
						},
						"usage": "istio-iptables [flags]"
					}
				}
			]
		},
		{
			"where": "everywhere",
			"specs": [
				{
					"name": "trace",
					"path": "/usr/local/bin/trace",
					"help": {
						"summary": {
							"en": "send one connection through the current rules and explain every step (Sidecar Lab's teaching tool)",
							"zh": "让一条连接走一遍当前规则，逐步解释每一步（Sidecar 实验室的教学工具）"
						},
						"usage": "trace [-p tcp|udp] [--in IFACE] [--uid N] [--gid N] SRC[:PORT] DST:PORT"
					}
				}
			]
		}
	],
	"ip": [
		{
			"where": "program",
			"specs": [
				{
					"name": "ip",
					"path": "/usr/sbin/ip",
					"help": {
						"summary": {
							"en": "show the pod's interfaces, addresses, routes and policy rules; change routes and rules (iproute2 6.1)",
							"zh": "查看 Pod 的网卡、地址、路由和策略路由规则；修改路由和规则（iproute2 6.1）"
						},
						"usage": "ip [ OPTIONS ] OBJECT { COMMAND | help }"
					}
				}
			]
		}
	],
	"sockets": [
		{
			"where": "program",
			"specs": [
				{
					"name": "ss",
					"path": "/usr/bin/ss",
					"help": {
						"summary": {
							"en": "list sockets: listeners, connections, their processes and states (iproute2 6.1)",
							"zh": "列出套接字：监听、连接、所属进程与状态（iproute2 6.1）"
						},
						"usage": "ss [ OPTIONS ] [ FILTER ]"
					}
				}
			]
		},
		{
			"where": "program",
			"specs": [
				{
					"name": "netstat",
					"path": "/usr/bin/netstat",
					"help": {
						"summary": {
							"en": "print network connections and the programs behind them (net-tools 2.10)",
							"zh": "显示网络连接及其背后的程序（net-tools 2.10）"
						},
						"usage": "netstat [-vWnNcaeol] [<Socket> ...]"
					}
				}
			]
		},
		{
			"where": "program",
			"specs": [
				{
					"name": "lsof",
					"path": "/usr/bin/lsof",
					"help": {
						"summary": {
							"en": "list open files; with -i, the network sockets and the processes holding them (lsof 4.95)",
							"zh": "列出打开的文件；加 -i 时列出网络套接字及持有它们的进程（lsof 4.95）"
						},
						"usage": "lsof -i [46][protocol][@hostname|hostaddr][:service|port] [-n] [-P]"
					}
				}
			]
		}
	],
	"traffic": [
		{
			"where": "program",
			"specs": [
				{
					"name": "curl",
					"path": "/usr/bin/curl",
					"help": {
						"summary": {
							"en": "transfer a URL: HTTP requests through the pod network, the sidecar and the apps",
							"zh": "传输 URL：经过 Pod 网络、边车和应用的 HTTP 请求"
						},
						"usage": "curl [options...] <url>"
					}
				}
			]
		},
		{
			"where": "program",
			"specs": [
				{
					"name": "nc",
					"aliases": [
						"netcat"
					],
					"path": "/usr/bin/nc",
					"help": {
						"summary": {
							"en": "arbitrary TCP connections: check that a port accepts (nc -zv HOST PORT)",
							"zh": "任意 TCP 连接：检查端口能否连通（nc -zv 主机 端口）"
						},
						"usage": "nc [-46CDdFhklNnrStUuvZz] [-I length] [-i interval] [-M ttl]"
					}
				}
			]
		}
	],
	"tcpdump": [
		{
			"where": "program",
			"specs": [
				{
					"name": "tcpdump",
					"path": "/usr/bin/tcpdump",
					"help": {
						"summary": {
							"en": "print the packets a device of the pod sees (tcpdump 4.99): before netfilter on the way in, after it on the way out",
							"zh": "打印 Pod 网卡上看到的数据包（tcpdump 4.99）：入方向在 netfilter 之前抓到，出方向在 netfilter 之后抓到"
						},
						"usage": "tcpdump [-AnlqSvxX#] [ -c count ] [ -i interface ] [ -Q in|out|inout ] [ expression ]"
					}
				}
			]
		}
	],
	"ps": [
		{
			"where": "program",
			"specs": [
				{
					"name": "ps",
					"path": "/usr/bin/ps",
					"help": {
						"summary": {
							"en": "list processes: ps -ef, ps aux (procps-ng 4.0.2; BusyBox ps in Alpine images)",
							"zh": "列出进程：ps -ef、ps aux（procps-ng 4.0.2；Alpine 镜像中为 BusyBox ps）"
						},
						"usage": "ps [options]"
					}
				}
			]
		}
	],
	"crictl": [
		{
			"where": "program",
			"specs": [
				{
					"name": "crictl",
					"path": "/usr/local/bin/crictl",
					"help": {
						"summary": {
							"en": "the node's container runtime: crictl ps, pods, inspect (find a container's PID)",
							"zh": "节点的容器运行时：crictl ps、pods、inspect（查找容器的 PID）"
						},
						"usage": "crictl [global options] command [command options]"
					}
				}
			]
		}
	],
	"kubectl": [
		{
			"where": "node",
			"specs": [
				{
					"name": "kubectl",
					"path": "/usr/local/bin/kubectl",
					"help": {
						"summary": {
							"en": "the cluster from the learner's side: get pods|svc|endpoints, describe pod, logs, exec (kubectl 1.32)",
							"zh": "从学习者一侧看集群：get pods|svc|endpoints、describe pod、logs、exec（kubectl 1.32）"
						},
						"usage": "kubectl [flags] [options]"
					}
				}
			]
		}
	],
	"docker": [
		{
			"where": "node",
			"specs": [
				{
					"name": "docker",
					"path": "/usr/bin/docker",
					"help": {
						"summary": {
							"en": "the Docker CLI: docker ps, docker inspect --format (needs a node whose runtime is Docker)",
							"zh": "Docker 命令行：docker ps、docker inspect --format（需要节点的运行时是 Docker）"
						},
						"usage": "docker [OPTIONS] COMMAND"
					}
				}
			]
		}
	],
	"istioctl": [
		{
			"where": "node",
			"specs": [
				{
					"name": "istioctl",
					"path": "/usr/local/bin/istioctl",
					"help": {
						"summary": {
							"en": "Istio control interface: proxy-config, proxy-status, x describe pod, version",
							"zh": "Istio 命令行工具：proxy-config、proxy-status、x describe pod、version"
						},
						"usage": "istioctl [command]"
					}
				}
			]
		}
	],
	"hops": [
		{
			"where": "everywhere",
			"specs": [
				{
					"name": "hops",
					"path": "/usr/local/bin/hops",
					"help": {
						"summary": {
							"en": "explain the last request made in this lab hop by hop (rules, Envoy listener, route, cluster, endpoint), each hop with its lesson section; `hops curl URL` makes one first",
							"zh": "逐跳解释本实验中最近一次请求（iptables 规则、Envoy 监听器、路由、集群、端点），每一跳附上讲解它的课程小节；`hops curl URL` 先发出请求再解释"
						},
						"usage": "hops [curl ARGS...]"
					}
				}
			]
		}
	],
	"jq": [
		{
			"where": "everywhere",
			"specs": [
				{
					"name": "jq",
					"help": {
						"summary": {
							"en": "filter and reshape JSON",
							"zh": "筛选和变换 JSON"
						},
						"usage": "jq [OPTIONS] FILTER [FILES...]"
					}
				}
			]
		}
	],
	"awk": [
		{
			"where": "everywhere",
			"specs": [
				{
					"name": "awk",
					"aliases": [
						"mawk"
					],
					"help": {
						"summary": {
							"en": "pattern scanning and text processing language",
							"zh": "按模式扫描和处理文本的语言"
						},
						"usage": "awk [-F value] [-v var=value] 'program text' [file ...]"
					}
				}
			]
		}
	],
	"sed": [
		{
			"where": "everywhere",
			"specs": [
				{
					"name": "sed",
					"help": {
						"summary": {
							"en": "edit text with a script (s/old/new/ and more)",
							"zh": "用脚本编辑文本（s/旧/新/ 等）"
						},
						"usage": "sed [OPTION]... {script-only-if-no-other-script} [input-file]..."
					}
				}
			]
		}
	]
};
