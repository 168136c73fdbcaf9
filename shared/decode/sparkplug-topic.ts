/**
 * The Sparkplug B topic namespace (Sparkplug 3.0 §4.1):
 * `spBv1.0/<group_id>/<message_type>/<edge_node_id>[/<device_id>]`, and the host application's
 * `spBv1.0/STATE/<host_id>` (JSON, not protobuf).
 */

export const SPARKPLUG_NAMESPACE = 'spBv1.0';

export const NODE_MESSAGE_TYPES = ['NBIRTH', 'NDEATH', 'NDATA', 'NCMD'] as const;
export const DEVICE_MESSAGE_TYPES = ['DBIRTH', 'DDEATH', 'DDATA', 'DCMD'] as const;
export type SparkplugMessageType =
	(typeof NODE_MESSAGE_TYPES)[number] | (typeof DEVICE_MESSAGE_TYPES)[number];

export type SparkplugTopic =
	| {
			readonly kind: 'payload';
			readonly groupId: string;
			readonly messageType: SparkplugMessageType;
			readonly edgeNodeId: string;
			/** Set for D* messages. */
			readonly deviceId: string | null;
	  }
	| { readonly kind: 'state'; readonly hostId: string };

const isNodeType = (type: string): boolean =>
	(NODE_MESSAGE_TYPES as readonly string[]).includes(type);
const isDeviceType = (type: string): boolean =>
	(DEVICE_MESSAGE_TYPES as readonly string[]).includes(type);

/** The parts of a Sparkplug B topic, or null when the topic is not one. */
export function parseSparkplugTopic(topic: string): SparkplugTopic | null {
	if (!topic.startsWith(`${SPARKPLUG_NAMESPACE}/`)) return null;
	const levels = topic.split('/');
	if (levels[1] === 'STATE' && levels.length === 3 && (levels[2] ?? '') !== '') {
		return { kind: 'state', hostId: levels[2] as string };
	}
	const [, groupId = '', type = '', edgeNodeId = '', deviceId] = levels;
	if (groupId === '' || edgeNodeId === '') return null;
	if (levels.length === 4 && isNodeType(type)) {
		return {
			kind: 'payload',
			groupId,
			messageType: type as SparkplugMessageType,
			edgeNodeId,
			deviceId: null,
		};
	}
	if (levels.length === 5 && isDeviceType(type) && deviceId !== undefined && deviceId !== '') {
		return {
			kind: 'payload',
			groupId,
			messageType: type as SparkplugMessageType,
			edgeNodeId,
			deviceId,
		};
	}
	return null;
}

/** The topic of a node-level message: `spBv1.0/<group>/<type>/<edge node>`. */
export function nodeTopic(groupId: string, type: SparkplugMessageType, edgeNodeId: string): string {
	return `${SPARKPLUG_NAMESPACE}/${groupId}/${type}/${edgeNodeId}`;
}
