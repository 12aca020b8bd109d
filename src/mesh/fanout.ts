// Bookinfo's own calls (istio/istio samples/bookinfo): productpage's page asks details and
// reviews for the product; reviews v2 and v3 ask ratings for the stars (v1 shows none). Each
// call goes through the calling pod's sidecar like any other request (./walk.ts, appCall).

import type { HttpRequest } from '../commands/curl/http';
import type { Pod } from '../world/types';

export interface AppCall {
	readonly service: string;
	readonly port: number;
	readonly path: string;
}

/** The product the page shows: productpage serves product 0 (`getProduct(0)`). */
const PRODUCT = 0;

export function BOOKINFO_CALLS(pod: Pod, req: HttpRequest): readonly AppCall[] {
	const path = req.path.split('?')[0] ?? '/';
	switch (pod.labels['app']) {
		case 'productpage':
			return path === '/productpage' ? [{ service: 'details', port: 9080, path: `/details/${PRODUCT}` }, { service: 'reviews', port: 9080, path: `/reviews/${PRODUCT}` }] : [];
		case 'reviews': {
			const m = /^\/reviews\/([^/]+)$/.exec(path);
			return m !== null && (pod.labels['version'] ?? 'v1') !== 'v1' ? [{ service: 'ratings', port: 9080, path: `/ratings/${m[1] ?? ''}` }] : [];
		}
		default:
			return [];
	}
}
