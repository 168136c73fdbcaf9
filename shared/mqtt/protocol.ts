/**
 * The protocol's two small enumerations, named once for the whole app: the quality of service and
 * the protocol level (the CONNECT byte: 3 is MQTT 3.1, 4 is 3.1.1, 5 is 5.0).
 *
 * Profiles keep the level in a field called `protocolVersion`, MQTT.js's option name, because it
 * is stored in databases and exports; its type is this one.
 */
export type QoS = 0 | 1 | 2;

export type ProtocolLevel = 3 | 4 | 5;

export const PROTOCOL_LEVELS: readonly ProtocolLevel[] = [3, 4, 5];

export const PROTOCOL_NAMES: Readonly<Record<ProtocolLevel, string>> = {
	3: 'MQTT 3.1',
	4: 'MQTT 3.1.1',
	5: 'MQTT 5.0',
};
