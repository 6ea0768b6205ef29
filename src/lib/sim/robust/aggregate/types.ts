/** One client's contribution to an aggregation. */
export interface ClientUpdate {
	readonly client: number;
	/** The client's model after local training (flat float32 parameters). */
	readonly weights: Float32Array;
	/** n_k, the number of samples it trained on. */
	readonly samples: number;
}
