/**
 * The Rebirth command (Sparkplug 3.0 §6.4.3 and §7.3): an NCMD to the edge node with the Boolean
 * metric `Node Control/Rebirth` = true, QoS 0, not retained. The node answers with a new NBIRTH
 * (and DBIRTHs), which gives names to the aliases of its DATA messages again.
 */
import { nodeTopic } from '../../shared/decode/sparkplug-topic';
import type { PublishRequest } from '../../shared/model/publish';
import { DATA_TYPE, encodeSparkplugPayload } from './payload';

export const REBIRTH_METRIC = 'Node Control/Rebirth';

export function rebirthRequest(groupId: string, edgeNodeId: string, nowMs: number): PublishRequest {
	return {
		topic: nodeTopic(groupId, 'NCMD', edgeNodeId),
		payload: encodeSparkplugPayload({
			timestamp: nowMs,
			metrics: [
				{ name: REBIRTH_METRIC, timestamp: nowMs, datatype: DATA_TYPE.Boolean, value: true },
			],
		}),
		qos: 0,
		retain: false,
	};
}
