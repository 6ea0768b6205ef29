/**
 * Gradient kernels that `@tensorflow/tfjs-backend-wasm` 4.22 lacks, registered for 'wasm' only.
 *
 * Why: the wasm backend ships the forward `Conv2D` and the `Conv2DBackpropInput` (dx) kernels but
 * no `Conv2DBackpropFilter` (dW), so `model.fit` / `optimizer.minimize` on any CNN throws
 * "Kernel 'Conv2DBackpropFilter' not registered for backend 'wasm'", and the `cpu` fallback is
 * far too slow (~17 samples/s for the MNIST CNN). Every other kernel a small CNN needs to train
 * (Conv2D, Conv2DBackpropInput, MaxPool/MaxPoolGrad, AvgPoolGrad, Relu + Step for its gradient,
 * BatchMatMul, Softmax, Log, Sum, ...) is present. We do NOT reuse the native
 * `Conv3DBackpropFilterV2` with depth 1: its C++ loop bounds (integer DivCeil/DivFloor that
 * truncate toward zero) skip outputs for stride > 1 (measured: max abs error 3.8 vs cpu for a
 * 5×5 input, 2×2 filter, stride 2, 'valid').
 *
 * How: the filter gradient is itself a correlation, computed with the (XNNPACK-backed) forward
 * Conv2D of the wasm backend on transposed tensors. For NHWC x [N,H,W,C], dy [N,oH,oW,F], stride s
 * and (top, left) padding:
 *   dW[i,j,c,f] = Σ_{n,p,q} xpad[n, p·s + i, q·s + j, c] · dy[n,p,q,f]
 * Treat C as the batch and N as the channels: X' = x^T [C,H,W,N], K' = dy^T [oH,oW,N,F]; then
 *   conv2d(X', K', strides 1, dilations s, explicit padding) = dW^T [C,fH,fW,F].
 * The bottom/right padding is chosen so that the output is exactly fH × fW (rows/columns of x no
 * window reads are sliced off first). The kernel runs these ops inside `tf.tidy`, so every
 * intermediate is disposed; the result's buffer gets an extra backend reference, the temporary
 * Tensor is disposed, and a plain TensorInfo is returned, which the engine wraps into the one
 * output Tensor (the same ownership pattern as the backends' own reshape-style kernels).
 *
 * Limits (throw, never wrong numbers): rank-4 float32 inputs, dilation 1 (the tfjs-core Conv2D
 * gradient rejects dilations > 1 anyway, and this kernel has no dilation attribute).
 */
import * as tf from '@tensorflow/tfjs';
import type {
	Conv2DBackpropFilterAttrs,
	KernelBackend,
	KernelConfig,
	KernelFunc,
	NamedAttrMap,
	Tensor4D,
	TensorInfo
} from '@tensorflow/tfjs';

const BACKEND = 'wasm';

function checkInput(info: TensorInfo, name: string): void {
	if (info.shape.length !== 4) {
		throw new Error(`wasm Conv2DBackpropFilter: '${name}' must be rank 4, got ${info.shape}`);
	}
	if (info.dtype !== 'float32') {
		throw new Error(`wasm Conv2DBackpropFilter: '${name}' must be float32, got ${info.dtype}`);
	}
}

/** Wrap a kernel input as a Tensor we may use with ops (runKernel passes Tensors in practice). */
function asTensor4D(info: TensorInfo): { t: Tensor4D; owned: boolean } {
	if (info instanceof tf.Tensor) return { t: info as Tensor4D, owned: false };
	// A bare TensorInfo: Identity takes a new backend reference, so disposing it later is safe.
	const t = tf.engine().runKernel(tf.Identity, { x: info as tf.Tensor }) as Tensor4D;
	return { t, owned: true };
}

function conv2DBackpropFilter(args: {
	inputs: { x?: TensorInfo; dy?: TensorInfo };
	backend: KernelBackend;
	attrs: Conv2DBackpropFilterAttrs;
}): TensorInfo {
	const { inputs, backend, attrs } = args;
	if (inputs.x == null || inputs.dy == null) {
		throw new Error('wasm Conv2DBackpropFilter: inputs x and dy are required');
	}
	checkInput(inputs.x, 'x');
	checkInput(inputs.dy, 'dy');
	const x = asTensor4D(inputs.x);
	const dy = asTensor4D(inputs.dy);

	let result: Tensor4D;
	try {
		result = computeFilterGrad(x.t, dy.t, attrs);
	} finally {
		if (x.owned) x.t.dispose();
		if (dy.owned) dy.t.dispose();
	}
	// Hand the buffer to the engine as a TensorInfo: keep one backend reference for it, then drop
	// the temporary Tensor (its engine bookkeeping goes, the wasm memory stays).
	backend.incRef(result.dataId);
	const out: TensorInfo = { dataId: result.dataId, shape: result.shape.slice(), dtype: 'float32' };
	result.dispose();
	return out;
}

/** dW [fH, fW, C, F] via the transposed-conv identity above; all intermediates are tidied. */
function computeFilterGrad(x: Tensor4D, dy: Tensor4D, attrs: Conv2DBackpropFilterAttrs): Tensor4D {
	const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs;
	return tf.tidy(() => {
		const channelsLast = tf.backend_util.convertConv2DDataFormat(dataFormat) === 'channelsLast';
		// Everything below is NHWC; NCHW inputs are transposed once.
		const xs = channelsLast ? x : tf.transpose(x, [0, 2, 3, 1]);
		const dys = channelsLast ? dy : tf.transpose(dy, [0, 2, 3, 1]);
		const info = tf.backend_util.computeConv2DInfo(
			xs.shape,
			filterShape,
			strides,
			1,
			pad,
			dimRoundingMode,
			false,
			'channelsLast'
		);
		const { batchSize, inHeight, inWidth, inChannels, outChannels } = info;
		const { filterHeight: fH, filterWidth: fW, strideHeight: sH, strideWidth: sW } = info;
		const [dyN, oH, oW, dyF] = dys.shape;
		if (info.dilationHeight !== 1 || info.dilationWidth !== 1) {
			throw new Error('wasm Conv2DBackpropFilter: only dilation 1 is supported');
		}
		if (dyN !== batchSize || dyF !== outChannels || oH !== info.outHeight || oW !== info.outWidth) {
			throw new Error(
				`wasm Conv2DBackpropFilter: dy shape ${dys.shape} does not match the forward conv ` +
					`output [${batchSize},${info.outHeight},${info.outWidth},${outChannels}]`
			);
		}
		if (batchSize === 0 || oH === 0 || oW === 0) return tf.zeros(filterShape) as Tensor4D;

		const top = info.padInfo.top;
		const left = info.padInfo.left;
		// Rows the last window reaches: (oH - 1)·s + fH, counted from the padded top edge.
		let bottom = (oH - 1) * sH + fH - top - inHeight;
		let right = (oW - 1) * sW + fW - left - inWidth;
		// [C, H, W, N]: channels become the batch, the batch becomes the channels.
		let xt = tf.transpose(xs, [3, 1, 2, 0]);
		if (bottom < 0 || right < 0) {
			// Trailing rows/columns no window reads (e.g. 'valid' with a stride that does not divide).
			const keepH = inHeight + Math.min(bottom, 0);
			const keepW = inWidth + Math.min(right, 0);
			if (keepH <= 0 || keepW <= 0) return tf.zeros(filterShape) as Tensor4D;
			xt = tf.slice(xt, [0, 0, 0, 0], [inChannels, keepH, keepW, batchSize]);
			bottom = Math.max(bottom, 0);
			right = Math.max(right, 0);
		}
		const kernel = tf.transpose(dys, [1, 2, 0, 3]); // [oH, oW, N, F]
		const dwT = tf.conv2d(
			xt,
			kernel,
			1,
			[
				[0, 0],
				[top, bottom],
				[left, right],
				[0, 0]
			],
			'NHWC',
			[sH, sW]
		); // [C, fH, fW, F]
		if (dwT.shape[1] !== fH || dwT.shape[2] !== fW) {
			throw new Error(`wasm Conv2DBackpropFilter: internal shape error ${dwT.shape}`);
		}
		return tf.transpose(dwT, [1, 2, 0, 3]);
	});
}

const MISSING_KERNELS: KernelConfig[] = [
	{
		kernelName: tf.Conv2DBackpropFilter,
		backendName: BACKEND,
		kernelFunc: ((params: {
			inputs: Record<string, TensorInfo>;
			backend: object;
			attrs?: NamedAttrMap;
		}) =>
			conv2DBackpropFilter({
				inputs: params.inputs,
				backend: params.backend as KernelBackend,
				attrs: params.attrs as unknown as Conv2DBackpropFilterAttrs
			})) as KernelFunc
	}
];

/**
 * Register, for the 'wasm' backend, the gradient kernels it lacks (today: Conv2DBackpropFilter).
 * Idempotent, and a no-op for kernels a future tfjs-backend-wasm provides itself. Safe to call
 * before or after `tf.setBackend('wasm')`.
 */
export function registerMissingWasmKernels(): void {
	for (const config of MISSING_KERNELS) {
		if (tf.getKernel(config.kernelName, BACKEND) == null) tf.registerKernel(config);
	}
}
