/**
 * Label flipping (data poisoning): the client trains honestly, but on wrong labels y → C − 1 − y
 * (9 − y on MNIST), so its update honestly learns the wrong task. Studied for federated learning by
 * Fung, Yoon, Beschastnikh 2018 (FoolsGold, arXiv:1808.04866) and Tolpegin, Truex, Gursoy, Liu 2020
 * (arXiv:2007.08432). The update it sends is untouched: the poison is in the data.
 */

/** The label map y → numClasses − 1 − y. */
export function flipLabels(numClasses: number): (label: number) => number {
	return (y) => numClasses - 1 - y;
}
