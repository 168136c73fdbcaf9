/**
 * Where the MQTT 5.0 specification states each property's rules, per packet: the section that
 * says "It is a Protocol Error to include the X more than once" (and, for some, "or for it to
 * have the value 0", "or to have a value other than 0 or 1").
 *
 * Each packet's properties are numbered in its own subsection, in the spec's order, after the
 * Property Length (x.1): Receive Maximum is 3.1.2.11.3 in CONNECT and 3.2.2.3.3 in CONNACK. A
 * few rules have a statement id of their own, which wins over the section.
 */
import type { PropertyContext, PropertyName } from '../properties';

interface SectionList {
	/** The subsection holding the packet's properties; its `.1` is the Property Length. */
	readonly section: string;
	/** The properties in the spec's order: the first is `.2`. */
	readonly order: readonly PropertyName[];
}

const ACK: readonly PropertyName[] = ['reasonString', 'userProperties'];

export const PROPERTY_SECTIONS: Readonly<Record<PropertyContext, SectionList>> = {
	CONNECT: {
		section: '3.1.2.11',
		order: [
			'sessionExpiryInterval',
			'receiveMaximum',
			'maximumPacketSize',
			'topicAliasMaximum',
			'requestResponseInformation',
			'requestProblemInformation',
			'userProperties',
			'authenticationMethod',
			'authenticationData',
		],
	},
	WILL: {
		section: '3.1.3.2',
		order: [
			'willDelayInterval',
			'payloadFormatIndicator',
			'messageExpiryInterval',
			'contentType',
			'responseTopic',
			'correlationData',
			'userProperties',
		],
	},
	CONNACK: {
		section: '3.2.2.3',
		order: [
			'sessionExpiryInterval',
			'receiveMaximum',
			'maximumQoS',
			'retainAvailable',
			'maximumPacketSize',
			'assignedClientIdentifier',
			'topicAliasMaximum',
			'reasonString',
			'userProperties',
			'wildcardSubscriptionAvailable',
			'subscriptionIdentifiersAvailable',
			'sharedSubscriptionAvailable',
			'serverKeepAlive',
			'responseInformation',
			'serverReference',
			'authenticationMethod',
			'authenticationData',
		],
	},
	PUBLISH: {
		section: '3.3.2.3',
		order: [
			'payloadFormatIndicator',
			'messageExpiryInterval',
			'topicAlias',
			'responseTopic',
			'correlationData',
			'userProperties',
			'subscriptionIdentifier',
			'contentType',
		],
	},
	PUBACK: { section: '3.4.2.2', order: ACK },
	PUBREC: { section: '3.5.2.2', order: ACK },
	PUBREL: { section: '3.6.2.2', order: ACK },
	PUBCOMP: { section: '3.7.2.2', order: ACK },
	SUBSCRIBE: { section: '3.8.2.1', order: ['subscriptionIdentifier', 'userProperties'] },
	SUBACK: { section: '3.9.2.1', order: ACK },
	UNSUBSCRIBE: { section: '3.10.2.1', order: ['userProperties'] },
	UNSUBACK: { section: '3.11.2.1', order: ACK },
	DISCONNECT: {
		section: '3.14.2.2',
		order: ['sessionExpiryInterval', 'reasonString', 'userProperties', 'serverReference'],
	},
	AUTH: {
		section: '3.15.2.2',
		order: ['authenticationMethod', 'authenticationData', 'reasonString', 'userProperties'],
	},
};

/** Value rules with a statement id of their own, by context and property. */
const VALUE_STATEMENTS: Partial<Record<PropertyContext, Partial<Record<PropertyName, string>>>> = {
	// [MQTT-3.3.2-8] a Topic Alias of 0 is never sent.
	PUBLISH: { topicAlias: '[MQTT-3.3.2-8]' },
};

/**
 * The rule to cite for a property's value (`'value'`) or its repetition (`'repeated'`) in a
 * packet, e.g. `[MQTT-3.2.2.3.4]` for Maximum QoS in a CONNACK.
 */
export function propertyRule(
	name: PropertyName,
	context: PropertyContext,
	kind: 'value' | 'repeated',
): string {
	const statement = kind === 'value' ? VALUE_STATEMENTS[context]?.[name] : undefined;
	if (statement !== undefined) return statement;
	const list = PROPERTY_SECTIONS[context];
	const index = list.order.indexOf(name);
	// A property the packet does not allow has no subsection there: 2.2.2.2 names the table.
	return index < 0 ? '[MQTT-2.2.2.2]' : `[MQTT-${list.section}.${index + 2}]`;
}
