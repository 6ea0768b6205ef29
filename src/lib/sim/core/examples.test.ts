import { describe, expect, it } from 'vitest';
import { clientExamples, examplePixels } from './examples';

// four 2 × 2 one-channel images: sample s has pixels s, s+1, s+2, s+3 (min–max → 0, 85, 170, 255)
const dataset = {
	inputShape: [2, 2, 1] as const,
	train: {
		n: 4,
		x: Float32Array.from({ length: 16 }, (_, i) => Math.floor(i / 4) + (i % 4)),
		y: Uint8Array.from([7, 8, 9, 3])
	}
};

describe('clientExamples', () => {
	it('samples spread over the partition, scaled to bytes, round-tripped through base64', () => {
		const ex = clientExamples(dataset, Int32Array.from([3, 1, 0, 2]), 2);
		// evenly spaced places 0 and 2 of the partition: samples 3 and 0
		expect(ex?.map((e) => e.label)).toEqual([3, 7]);
		expect(Array.from(examplePixels(ex![0]!))).toEqual([0, 85, 170, 255]);
	});

	it('no more than the client holds; nothing for data that are not images', () => {
		expect(clientExamples(dataset, Int32Array.from([1]))).toHaveLength(1);
		expect(clientExamples(dataset, Int32Array.from([]))).toEqual([]);
		expect(
			clientExamples({ ...dataset, inputShape: [2] }, Int32Array.from([0, 1]))
		).toBeUndefined();
	});

	it('a flat image is all zeros', () => {
		const flat = { ...dataset, train: { ...dataset.train, x: new Float32Array(16) } };
		expect(Array.from(examplePixels(clientExamples(flat, [0])![0]!))).toEqual([0, 0, 0, 0]);
	});
});
