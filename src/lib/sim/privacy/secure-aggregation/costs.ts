/**
 * What secure aggregation adds to a round on the wire, with the sizes of Bonawitz et al. 2017
 * (see protocol.ts): 256-bit public keys and shares, AES-GCM-encrypted shares with their ids.
 * The masked update itself is as big as a plain float32 update (32-bit group elements), so it is
 * not counted as extra; the protocol's three extra phases are.
 */

/** A public key (the paper's 256-bit elliptic-curve keys). */
export const KEY_BYTES = 32;
/** One Shamir share (a 256-bit field element) and the index it belongs to. */
export const SHARE_BYTES = 32 + 4;
/** The two shares one client sends another, encrypted: ids, the shares and the AES-GCM tag/nonce. */
export const ENCRYPTED_SHARES_BYTES = 2 * SHARE_BYTES + 28;
/** A client id in the server's lists. */
export const ID_BYTES = 4;

/** The protocol's phases beyond sending the (masked) update. */
export type SecAggPhase = 'keys' | 'shares' | 'unmask';

/** One kind of extra message: `count` messages of `bytes` each, per client. */
export interface SecAggLeg {
	readonly phase: SecAggPhase;
	readonly up: boolean;
	/** Bytes of one such message. */
	readonly bytes: number;
}

/**
 * The extra messages of one round with n clients who share keys and s survivors: per client,
 * up (client → server) and down (server → client).
 */
export function secAggLegs(
	n: number,
	survivors: number
): { all: SecAggLeg[]; survivor: SecAggLeg[] } {
	return {
		all: [
			{ phase: 'keys', up: true, bytes: 2 * KEY_BYTES },
			{ phase: 'keys', up: false, bytes: n * 2 * KEY_BYTES },
			{ phase: 'shares', up: true, bytes: (n - 1) * ENCRYPTED_SHARES_BYTES },
			{ phase: 'shares', up: false, bytes: (n - 1) * ENCRYPTED_SHARES_BYTES }
		],
		survivor:
			survivors > 0
				? [
						{ phase: 'unmask', up: false, bytes: n * ID_BYTES },
						{ phase: 'unmask', up: true, bytes: (n - 1) * SHARE_BYTES }
					]
				: []
	};
}

/** Total extra bytes of a round (up and down) with n clients and s survivors. */
export function secAggExtraBytes(n: number, survivors: number): { up: number; down: number } {
	const legs = secAggLegs(n, survivors);
	let up = 0;
	let down = 0;
	for (const l of legs.all) {
		if (l.up) up += n * l.bytes;
		else down += n * l.bytes;
	}
	for (const l of legs.survivor) {
		if (l.up) up += survivors * l.bytes;
		else down += survivors * l.bytes;
	}
	return { up, down };
}
