/**
 * `npm run classroom`: one Node process that serves the built site and the classroom's WebSocket
 * endpoint on the LAN, opens one session, and prints the students' join URL with a QR code and
 * the lecturer's host URL. Builds the site first when build/ is missing.
 *
 *   npm run classroom -- [--port 8080] [--listen 0.0.0.0] [--host <LAN address>]
 *                        [--cert cert.pem --key key.pem] [--max-clients 200] [--no-build]
 *
 * Without --cert/--key the traffic on the LAN is unencrypted (the host page says so).
 */
import { execSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import QRCode from 'qrcode';
import { startClassroomServer } from '../lib/hosts/classroom/server';
import { initNodeBackend } from '../lib/ml/backend';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

interface Args {
	port: number;
	listen: string;
	host: string | null;
	cert: string | null;
	key: string | null;
	maxClients: number;
	build: boolean;
}

function parseArgs(argv: string[]): Args {
	const a: Args = {
		port: 8080,
		listen: '0.0.0.0',
		host: null,
		cert: null,
		key: null,
		maxClients: 200,
		build: true
	};
	for (let i = 0; i < argv.length; i++) {
		const flag = argv[i];
		const value = () => {
			const v = argv[++i];
			if (v === undefined) throw new Error(`${flag} needs a value`);
			return v;
		};
		const int = (name: string, min: number, max: number) => {
			const n = Number(value());
			if (!Number.isInteger(n) || n < min || n > max)
				throw new Error(`${name} must be a whole number from ${min} to ${max}`);
			return n;
		};
		if (flag === '--port') a.port = int('--port', 0, 65535);
		else if (flag === '--listen') a.listen = value();
		else if (flag === '--host') a.host = value();
		else if (flag === '--cert') a.cert = value();
		else if (flag === '--key') a.key = value();
		else if (flag === '--max-clients') a.maxClients = int('--max-clients', 1, 200);
		else if (flag === '--no-build') a.build = false;
		else if (flag === '--help' || flag === '-h') {
			console.log(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('*/')[0]);
			process.exit(0);
		} else throw new Error(`unknown option ${flag} (try --help)`);
	}
	if (!a.cert !== !a.key) throw new Error('--cert and --key go together');
	return a;
}

/** The first non-internal IPv4 address: what phones on the same network can reach. */
function lanAddress(): string {
	for (const list of Object.values(networkInterfaces()))
		for (const i of list ?? []) if (i.family === 'IPv4' && !i.internal) return i.address;
	return '127.0.0.1';
}

async function main(): Promise<void> {
	const args = parseArgs(process.argv.slice(2));
	const buildDir = join(root, 'build');
	if (!existsSync(join(buildDir, 'index.html'))) {
		if (!args.build) throw new Error(`${buildDir} is missing: run \`npm run build\` first`);
		console.log('build/ is missing: building the site (npm run build) …');
		execSync('npm run build', { cwd: root, stdio: 'inherit' });
	}
	await initNodeBackend();
	const publicHost =
		args.host ?? (args.listen === '0.0.0.0' || args.listen === '::' ? lanAddress() : args.listen);
	const server = await startClassroomServer({
		port: args.port,
		listen: args.listen,
		publicHost,
		buildDir,
		...(args.cert && args.key
			? { tls: { cert: readFileSync(args.cert), key: readFileSync(args.key) } }
			: {})
	});
	const { joinUrl, hostUrl } = await server.createSession({ maxClients: args.maxClients });
	const qr = await QRCode.toString(joinUrl, { type: 'terminal', small: true });
	console.log(`\nClassroom server on ${server.origin} (pid ${process.pid})`);
	console.log(`\nStudents join at:\n  ${joinUrl}\n\n${qr}`);
	console.log(`Lecturer (projector), keep this one to yourself:\n  ${hostUrl}\n`);
	if (!args.cert)
		console.log(
			'No --cert/--key given: the traffic on the LAN is unencrypted (models and updates only, never data).'
		);
	const stop = () => {
		void server.close().then(() => process.exit(0));
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
	console.error(`classroom: ${(e as Error).message}`);
	process.exit(1);
});
