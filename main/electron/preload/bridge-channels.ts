/** Electron IPC channel names between the preload bridge and main (no imports: preload bundles it). */
export const BRIDGE_CHANNELS = {
	invoke: 'topicscope:invoke',
	subscribe: 'topicscope:subscribe',
	unsubscribe: 'topicscope:unsubscribe',
	stream: 'topicscope:stream',
} as const;
