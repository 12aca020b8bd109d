// The Bookinfo services' own answers (istio/istio samples/bookinfo, examples-bookinfo-*:1.20.3),
// as each app writes them when called on its port: details (Ruby WEBrick), ratings (Node),
// reviews v1/v2/v3 (Open Liberty), productpage (Flask on gunicorn).

import type { Pod } from '../../world/types';
import { gunicorn, liberty, nodeHttp, webrick, type HttpRequest, type HttpResponse } from './http';

const REVIEWS = [
	['Reviewer1', 'An extremely entertaining play by Shakespeare. The slapstick humour is refreshing!'],
	['Reviewer2', 'Absolutely fun and entertaining. The play lacks thematic depth when compared to other plays by Shakespeare.'],
] as const;
/** ratings v1 serves these stars for every product. */
const STARS = [5, 4] as const;

const lastSegment = (path: string): string => path.split('?')[0]?.split('/').pop() ?? '';

function details(req: HttpRequest, pod: Pod, now: number): HttpResponse {
	const path = req.path.split('?')[0] ?? '/';
	if (path === '/health') return webrick(200, 'application/json', '{"status":"Details is healthy"}', now);
	if (path.startsWith('/details')) {
		const raw = lastSegment(path);
		if (!/^[+-]?\d+$/.test(raw)) return webrick(400, 'application/json', '{"error":"please provide numeric product id"}', now);
		const id = Number(raw);
		return webrick(200, 'application/json', `{"id":${id},"author":"William Shakespeare","year":1595,"type":"paperback","pages":200,"publisher":"PublisherA","language":"English","ISBN-10":"1234567890","ISBN-13":"123-1234567890"}`, now);
	}
	const body = [
		'<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.0//EN">',
		'<HTML>',
		'  <HEAD><TITLE>Not Found</TITLE></HEAD>',
		'  <BODY>',
		'    <H1>Not Found</H1>',
		`    \`${path}' not found.`,
		'    <HR>',
		'    <ADDRESS>',
		'     WEBrick/1.8.1 (Ruby/3.3.6/2024-11-05) at',
		`     ${pod.ip}:9080`,
		'    </ADDRESS>',
		'  </BODY>',
		'</HTML>',
		'',
	].join('\n');
	return webrick(404, 'text/html; charset=ISO-8859-1', body, now);
}

function ratings(req: HttpRequest, now: number): HttpResponse {
	const path = req.path.split('?')[0] ?? '/';
	if (path === '/health') return nodeHttp(200, '{"status":"Ratings is healthy"}', now);
	if (/^\/ratings\/[0-9]*/.test(path)) {
		const id = Number.parseInt(lastSegment(path), 10);
		if (Number.isNaN(id)) return nodeHttp(400, '{"error":"please provide numeric product ID"}', now);
		return nodeHttp(200, `{"id":${id},"ratings":{"Reviewer1":${STARS[0]},"Reviewer2":${STARS[1]}}}`, now);
	}
	// httpdispatcher's default: a 404 without a body.
	return nodeHttp(404, '', now);
}

/** LibertyRestEndpoint's hand-built JSON (the spacing is the original's). */
export function reviewsJson(productId: string, pod: Pod): string {
	const version = pod.labels['version'] ?? 'v1';
	const color = version === 'v3' ? 'red' : 'black';
	const withRatings = version !== 'v1';
	const one = (i: number): string => {
		const [reviewer, text] = REVIEWS[i] ?? REVIEWS[0];
		const rating = withRatings ? `, "rating": {"stars": ${STARS[i] ?? 0}, "color": "${color}"}` : '';
		return `{  "reviewer": "${reviewer}",  "text": "${text}"${rating}}`;
	};
	return `{"id": "${productId}","podname": "${pod.name}","clustername": "null","reviews": [${one(0)},${one(1)}]}`;
}

function reviews(req: HttpRequest, pod: Pod, now: number): HttpResponse {
	const path = req.path.split('?')[0] ?? '/';
	if (path === '/health') return liberty(200, '{"status": "Reviews is healthy"}', now);
	const m = /^\/reviews\/([^/]+)$/.exec(path);
	if (m !== null) return liberty(200, reviewsJson(m[1] ?? '', pod), now);
	return liberty(404, '', now);
}

/** The head of productpage.html as Flask renders it; the body is beyond this lab's model. */
function productpage(req: HttpRequest, now: number): HttpResponse {
	const path = req.path.split('?')[0] ?? '/';
	if (path === '/health') return gunicorn(200, 'text/html; charset=utf-8', 'Product page is healthy', now);
	if (path === '/productpage' || path === '/') {
		const head = [
			'',
			'<meta charset="utf-8">',
			'<meta http-equiv="X-UA-Compatible" content="IE=edge">',
			'<meta name="viewport" content="width=device-width, initial-scale=1.0">',
			'',
			'',
			'<title>Simple Bookstore App</title>',
			'',
			'<script src="static/tailwind/tailwind.css"></script>',
			'<!-- sidecar-lab: the rest of the page (product details and reviews) is not simulated -->',
			'',
		].join('\n');
		return gunicorn(200, 'text/html; charset=utf-8', head, now);
	}
	const notFound = '<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n<p>The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.</p>\n';
	return gunicorn(404, 'text/html; charset=utf-8', notFound, now);
}

/** The answer of the Bookinfo app running in `pod`, or undefined for a pod that is not one. */
export function bookinfoAnswer(pod: Pod, req: HttpRequest, now: number): HttpResponse | undefined {
	switch (pod.labels['app']) {
		case 'details':
			return details(req, pod, now);
		case 'ratings':
			return ratings(req, now);
		case 'reviews':
			return reviews(req, pod, now);
		case 'productpage':
			return productpage(req, now);
		default:
			return undefined;
	}
}
