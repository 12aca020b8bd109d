// The page's command groups, by id (./<id>.ts each).

export const GROUP_IDS = ['pod-tools', 'ip', 'sockets', 'traffic', 'tcpdump', 'ps', 'crictl', 'kubectl', 'docker', 'istioctl', 'hops', 'jq', 'awk', 'sed'] as const;

export type GroupId = (typeof GROUP_IDS)[number];
