/**
 * A connection's traffic and what the window showing it costs: the status bar's figures. Rates
 * are over the last second; counts are since the connection was opened (or this window subscribed,
 * for the receiver's).
 */
export interface TrafficStats {
	/** Messages received per second. */
	readonly messagesPerSecond: number;
	/** Payload bytes received per second. */
	readonly bytesPerSecond: number;
	readonly totalMessages: number;
	readonly totalBytes: number;
	/**
	 * Flush ticks this window's streams sat out because it had not taken in their last patches yet:
	 * their changes went into the next patch (coalesced), nothing queued.
	 */
	readonly patchesCoalesced: number;
	/** Patches dropped because this window's transport buffer was full (the view then restarts). */
	readonly patchesShed: number;
	/** Frames the connection's frame ring evicted to stay within its bounds. */
	readonly framesEvicted: number;
}
