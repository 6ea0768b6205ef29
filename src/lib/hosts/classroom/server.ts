/**
 * The classroom server in Node: one HTTP(S) server that serves the built site (`build/`, the
 * adapter-static output) and the WebSocket endpoint (`ws`), and the sessions behind it. Each
 * session gets a random 80-bit code (in the join URL) and a 160-bit host key (in the lecturer's
 * URL only). Frames larger than the largest model allowed are refused by `ws` itself
 * (`maxPayload`), which closes that connection only.
 */
import { randomBytes } from 'node:crypto';
import {
	createServer as createHttpServer,
	type IncomingMessage,
	type Server,
	type ServerResponse
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import QRCode from 'qrcode';
import sirv from 'sirv';
import { WebSocketServer, type WebSocket } from 'ws';
import { TfTrainer } from '../../ml/tf-trainer';
import type { DatasetName } from '../../sim/core/dataset';
import { loadDatasetNode } from '../node/load';
import { Classroom, type ClassroomOptions } from './classroom';
import { MAX_HEADER_BYTES, WS_PATH, base32, type ClassroomConfig } from './protocol';
import type { Peer, Session } from './session';

/** The largest frame accepted: a 512-unit MLP on MNIST (~1.6 MB) with room to spare. */
export const MAX_FRAME_BYTES = 4 * 1024 * 1024 + MAX_HEADER_BYTES;

export interface ClassroomServerOptions extends ClassroomOptions {
	port: number;
	/** Interface to listen on ('0.0.0.0': the LAN; '127.0.0.1': this machine only). */
	listen: string;
	/** The host name students use in the join URL (the LAN address). */
	publicHost: string;
	/** The adapter-static build to serve; absent: WebSocket only (load tests). */
	buildDir?: string;
	tls?: { cert: string | Buffer; key: string | Buffer };
	/** Test-set samples the server evaluates the class model on. */
	testLimit?: number;
}

export interface ClassroomServer {
	readonly classroom: Classroom;
	/** http(s)://host:port of the server as students reach it. */
	readonly origin: string;
	readonly port: number;
	/** A new session; its join URL, host URL and QR code. */
	createSession(opts?: {
		config?: Partial<ClassroomConfig>;
		datasetName?: DatasetName;
		maxClients?: number;
	}): Promise<{ session: Session; joinUrl: string; hostUrl: string; qrSvg: string }>;
	close(): Promise<void>;
}

const token = (bytes: number) => base32(randomBytes(bytes));

export async function startClassroomServer(opts: ClassroomServerOptions): Promise<ClassroomServer> {
	const classroom = new Classroom(opts);
	const serveStatic = opts.buildDir
		? sirv(opts.buildDir, { extensions: ['html'], single: '404.html', dev: false, etag: true })
		: null;
	const handler = (req: IncomingMessage, res: ServerResponse) => {
		if (serveStatic) serveStatic(req, res, () => notFound(res));
		else notFound(res);
	};
	const server: Server = opts.tls
		? createHttpsServer({ cert: opts.tls.cert, key: opts.tls.key }, handler)
		: createHttpServer(handler);
	const wss = new WebSocketServer({ server, path: WS_PATH, maxPayload: MAX_FRAME_BYTES });
	wss.on('connection', (ws: WebSocket) => {
		const peer: Peer = {
			send: (data) => {
				if (ws.readyState === ws.OPEN) ws.send(data);
			},
			close: (code, reason) => ws.close(code, reason.slice(0, 120))
		};
		const conn = classroom.connect(peer);
		ws.on('message', (data, isBinary) => {
			const buf = Array.isArray(data)
				? Buffer.concat(data)
				: data instanceof ArrayBuffer
					? Buffer.from(data)
					: data;
			if (isBinary) conn.binary(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength));
			else conn.text(buf.toString('utf8'), buf.byteLength);
		});
		ws.on('close', () => conn.closed());
		ws.on('error', () => ws.terminate()); // e.g. over maxPayload: this connection only
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(opts.port, opts.listen, () => resolve());
	});
	const port = (server.address() as AddressInfo).port;
	const origin = `${opts.tls ? 'https' : 'http'}://${opts.publicHost}:${port}`;
	return {
		classroom,
		origin,
		port,
		async createSession(s = {}) {
			const code = token(10);
			const hostKey = token(20);
			const joinUrl = `${origin}/classroom/join/?code=${code}`;
			const hostUrl = `${origin}/classroom/?session=${code}&key=${hostKey}`;
			const qrSvg = await QRCode.toString(joinUrl, { type: 'svg', margin: 1 });
			const session = classroom.createSession({
				code,
				hostKey,
				joinUrl,
				qrSvg,
				tls: !!opts.tls,
				token: () => token(20),
				dataset: loadDatasetNode,
				localTrainer: (dataset, model) =>
					new TfTrainer(dataset, model, { testLimit: opts.testLimit ?? 2000 }),
				log: (m) => console.warn(m),
				...(s.config ? { config: s.config } : {}),
				...(s.datasetName ? { datasetName: s.datasetName } : {}),
				...(s.maxClients ? { maxClients: s.maxClients } : {})
			});
			return { session, joinUrl, hostUrl, qrSvg };
		},
		close: async () => {
			classroom.dispose();
			for (const c of wss.clients) c.terminate();
			await new Promise<void>((r) => wss.close(() => r()));
			await new Promise<void>((r) => server.close(() => r()));
		}
	};
}

function notFound(res: { statusCode: number; end(body: string): void }): void {
	res.statusCode = 404;
	res.end('not found');
}
