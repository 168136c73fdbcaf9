/** Where the page's link to the Topicscope core stands, for the banner and the token page. */
import type { CoreLinkStatus } from './ws-transport';

export class CoreLink {
	/** Electron's preload bridge cannot be lost: it starts open and stays so. */
	status = $state.raw<CoreLinkStatus>({ kind: 'open' });
	#retry: () => void = () => {};

	/** Wires a browser-mode transport: `report` is its status callback, `retry` its `retryNow`. */
	readonly report = (status: CoreLinkStatus): void => {
		this.status = status;
	};

	setRetry(retry: () => void): void {
		this.#retry = retry;
	}

	/** While lost: try to reach the core now rather than at the next scheduled attempt. */
	retryNow(): void {
		this.#retry();
	}
}
