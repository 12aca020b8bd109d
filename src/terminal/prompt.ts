// The prompt Debian's /etc/bash.bashrc sets, PS1='\u@\h:\w\$ ', which is what `docker exec -it
// kind-worker bash` and `kubectl exec -it … -c istio-proxy -- bash` show: `root@kind-worker:~# `,
// `istio-proxy@productpage-v1-7d6cfb7dfd-5mgx8:/$ `. The colour variant is /etc/skel/.bashrc's
// for an xterm-256color terminal (bold green user@host, bold blue directory).

export interface PromptParts {
	readonly user: string;
	/** \h: the hostname up to its first dot. */
	readonly host: string;
	readonly cwd: string;
	/** $HOME, shown as ~ by \w. */
	readonly home?: string;
	/** \$ is # for uid 0, $ otherwise. */
	readonly uid: number;
	readonly colour?: boolean;
}

/** bash's \w: the working directory with $HOME replaced by ~ (prompt_tilde_expansion). */
export function tildeDir(cwd: string, home: string | undefined): string {
	if (home === undefined || home === '' || home === '/') return cwd;
	if (cwd === home) return '~';
	return cwd.startsWith(`${home}/`) ? `~${cwd.slice(home.length)}` : cwd;
}

export function bashPrompt(p: PromptParts): string {
	const host = p.host.split('.')[0] ?? p.host;
	const dir = tildeDir(p.cwd, p.home);
	const sign = p.uid === 0 ? '#' : '$';
	if (p.colour === true) return `\x1b[01;32m${p.user}@${host}\x1b[00m:\x1b[01;34m${dir}\x1b[00m${sign} `;
	return `${p.user}@${host}:${dir}${sign} `;
}
