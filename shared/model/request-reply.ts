/** What request/response in the publish panel answers: the reply, how it was matched, the latency. */
import type { MessageView } from './message';
import type { PublishOutcome } from './publish';

export interface RequestReplyView {
	/** The request's topic, variables expanded. */
	readonly requestTopic: string;
	readonly responseTopic: string;
	/** Null on MQTT 3.1 / 3.1.1, which carry no correlation data. */
	readonly correlationDataHex: string | null;
	/** `next-message`: MQTT 3.1 / 3.1.1, the next live message on the response topic was taken. */
	readonly mode: 'correlation' | 'next-message';
	/** The broker's answer to the request itself. */
	readonly published: PublishOutcome;
	readonly reply: MessageView;
	readonly latencyUs: number;
	/** Messages on the response topic that were not the reply. */
	readonly ignoredCount: number;
}
