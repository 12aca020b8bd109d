// The page's command groups, each a dynamic import: the bundler makes one chunk per group (named
// after its module), which the page fetches the first time a line names one of its commands.

import type { GroupLoaders } from '../lazy-commands';

export const GROUP_LOADERS: GroupLoaders = {
	'pod-tools': () => import('./pod-tools').then((m) => m.COMMANDS),
	ip: () => import('./ip').then((m) => m.COMMANDS),
	sockets: () => import('./sockets').then((m) => m.COMMANDS),
	traffic: () => import('./traffic').then((m) => m.COMMANDS),
	tcpdump: () => import('./tcpdump').then((m) => m.COMMANDS),
	ps: () => import('./ps').then((m) => m.COMMANDS),
	crictl: () => import('./crictl').then((m) => m.COMMANDS),
	kubectl: () => import('./kubectl').then((m) => m.COMMANDS),
	docker: () => import('./docker').then((m) => m.COMMANDS),
	istioctl: () => import('./istioctl').then((m) => m.COMMANDS),
	hops: () => import('./hops').then((m) => m.COMMANDS),
	jq: () => import('./jq').then((m) => m.COMMANDS),
	awk: () => import('./awk').then((m) => m.COMMANDS),
	sed: () => import('./sed').then((m) => m.COMMANDS),
};
