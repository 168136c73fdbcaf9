import { describe, expect, it } from 'vitest';
import { capabilitiesFromConnack } from '../../../main/connections/capabilities';
import { decodeFrame } from '../../../shared/mqtt/codec/decode';
import type { ConnackPacket, ProtocolLevel } from '../../../shared/mqtt/codec/types';
import { connect, frame } from '../frames/build';

function decodedConnack(packet: Omit<ConnackPacket, 'type'>, level: ProtocolLevel) {
	return decodeFrame(frame({ type: 'CONNACK', ...packet }, level), { protocolLevel: level });
}

describe('capabilitiesFromConnack', () => {
	it('an MQTT 5 CONNACK without properties: every capability is the spec default, marked so', () => {
		const caps = capabilitiesFromConnack(
			decodedConnack({ sessionPresent: false, reasonCode: 0, properties: {} }, 5),
		);
		expect(caps).toMatchObject({
			protocolLevel: 5,
			sessionPresent: false,
			reasonCode: 0,
			reasonName: 'Success',
			isAccepted: true,
			maximumQoS: { value: 2, isDefault: true },
			retainAvailable: { value: true, isDefault: true },
			maximumPacketSizeBytes: { value: undefined, isDefault: true },
			topicAliasMaximum: { value: 0, isDefault: true },
			wildcardSubscriptionAvailable: { value: true, isDefault: true },
			sharedSubscriptionAvailable: { value: true, isDefault: true },
			subscriptionIdentifiersAvailable: { value: true, isDefault: true },
			receiveMaximum: { value: 65_535, isDefault: true },
			serverKeepAliveSeconds: { value: undefined, isDefault: true },
		});
		expect(caps?.assignedClientIdentifier).toBeUndefined();
	});

	it('stated properties win and are not marked default', () => {
		const caps = capabilitiesFromConnack(
			decodedConnack(
				{
					sessionPresent: true,
					reasonCode: 0,
					properties: {
						maximumQoS: 1,
						retainAvailable: 0,
						maximumPacketSize: 1024,
						topicAliasMaximum: 10,
						wildcardSubscriptionAvailable: 0,
						sharedSubscriptionAvailable: 0,
						subscriptionIdentifiersAvailable: 0,
						receiveMaximum: 20,
						serverKeepAlive: 30,
						assignedClientIdentifier: 'auto-123',
						reasonString: 'welcome',
						responseInformation: 'resp/',
						userProperties: [['region', 'eu']],
					},
				},
				5,
			),
		);
		expect(caps).toMatchObject({
			sessionPresent: true,
			maximumQoS: { value: 1, isDefault: false },
			retainAvailable: { value: false, isDefault: false },
			maximumPacketSizeBytes: { value: 1024, isDefault: false },
			topicAliasMaximum: { value: 10, isDefault: false },
			wildcardSubscriptionAvailable: { value: false, isDefault: false },
			sharedSubscriptionAvailable: { value: false, isDefault: false },
			subscriptionIdentifiersAvailable: { value: false, isDefault: false },
			receiveMaximum: { value: 20, isDefault: false },
			serverKeepAliveSeconds: { value: 30, isDefault: false },
			assignedClientIdentifier: 'auto-123',
			reasonString: 'welcome',
			responseInformation: 'resp/',
			userProperties: [['region', 'eu']],
		});
	});

	it('a refusal names its reason, per protocol level', () => {
		const v5 = capabilitiesFromConnack(
			decodedConnack(
				{ sessionPresent: false, reasonCode: 0x86, properties: { serverReference: 'other:1883' } },
				5,
			),
		);
		expect(v5).toMatchObject({
			isAccepted: false,
			reasonName: 'Bad User Name or Password',
			serverReference: 'other:1883',
		});
		const v4 = capabilitiesFromConnack(decodedConnack({ sessionPresent: false, reasonCode: 5 }, 4));
		expect(v4?.isAccepted).toBe(false);
		expect(v4?.reasonName).toMatch(/not authori[sz]ed/i);
		expect(v4?.maximumQoS).toEqual({ value: 2, isDefault: true });
	});

	it('is undefined for anything but a cleanly decoded CONNACK', () => {
		expect(capabilitiesFromConnack(decodeFrame(connect(4)))).toBeUndefined();
		expect(
			capabilitiesFromConnack(decodeFrame(new Uint8Array([0x20, 0x02, 0x00]))),
		).toBeUndefined();
	});
});
