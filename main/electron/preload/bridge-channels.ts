/** Electron IPC channel names between the preload bridge and main (no imports: preload bundles it). */
export const BRIDGE_CHANNELS = {
	invoke: 'topicscope:invoke',
	subscribe: 'topicscope:subscribe',
	unsubscribe: 'topicscope:unsubscribe',
	update: 'topicscope:update',
	end: 'topicscope:end',
	stream: 'topicscope:stream',
	/** Main → window: run this action (a menu item was chosen). */
	action: 'topicscope:action',
	/** Window → main: the actions that apply now, so the menu greys out the others. */
	enabledActions: 'topicscope:enabled-actions',
	/** The page took in a stream up to a message (main paces the stream by it). */
	ack: 'topicscope:ack',
} as const;
