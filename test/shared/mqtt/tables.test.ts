import { describe, expect, it } from 'vitest';
import { isPropertyAllowed, propertyById, PROPERTIES } from '../../../shared/mqtt/properties';
import {
	describeConnackRefusal,
	isReasonCodeAllowed,
	reasonCodeName,
} from '../../../shared/mqtt/reason-codes';

describe('reason codes', () => {
	it.each([
		[0x00, 'CONNACK', 'Success'],
		[0x00, 'DISCONNECT', 'Normal disconnection'],
		[0x00, 'SUBACK', 'Granted QoS 0'],
		[0x02, 'SUBACK', 'Granted QoS 2'],
		[0x04, 'DISCONNECT', 'Disconnect with Will Message'],
		[0x86, 'CONNACK', 'Bad User Name or Password'],
		[0x92, 'PUBREL', 'Packet Identifier not found'],
		[0xa2, 'SUBACK', 'Wildcard Subscriptions not supported'],
		[0x04, 'CONNACK', undefined],
	] as const)('0x%s in %s is %s', (code, packet, name) => {
		expect(reasonCodeName(code, packet)).toBe(name);
	});

	it('names 3.1.1 return codes', () => {
		expect(reasonCodeName(4, 'CONNACK', 4)).toBe('Connection Refused, bad user name or password');
		expect(reasonCodeName(0x80, 'SUBACK', 4)).toBe('Failure');
	});

	it('describes refusals as sentence fragments', () => {
		expect(describeConnackRefusal(134, 5)).toBe('bad user name or password (reason 134)');
		expect(describeConnackRefusal(5, 4)).toBe('not authorized (return code 5)');
	});

	it('knows where each code is allowed', () => {
		expect(isReasonCodeAllowed(0x10, 'PUBACK')).toBe(true);
		expect(isReasonCodeAllowed(0x10, 'PUBREL')).toBe(false);
	});
});

describe('properties', () => {
	it('defines all 27 MQTT 5 properties with unique identifiers', () => {
		expect(PROPERTIES).toHaveLength(27);
		expect(new Set(PROPERTIES.map((p) => p.id)).size).toBe(27);
	});

	it('knows where they are allowed', () => {
		const willDelay = propertyById(0x18);
		expect(willDelay?.name).toBe('willDelayInterval');
		if (willDelay === undefined) return;
		expect(isPropertyAllowed(willDelay, 'WILL')).toBe(true);
		expect(isPropertyAllowed(willDelay, 'CONNECT')).toBe(false);
		expect(propertyById(0x05)).toBeUndefined();
	});
});
