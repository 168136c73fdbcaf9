/**
 * The protocol-error table (test/fixtures/frames/protocol-errors.ts) against the decoder: each
 * frame gives its rule at its offset and nothing decodes it; the cases left to the receiver decode
 * cleanly, as the README's codec section decides.
 */
import { describe, expect, it } from 'vitest';
import { decodeFrame, toHex } from '../../../../shared/mqtt/codec/index';
import { PROPERTY_SECTIONS } from '../../../../shared/mqtt/codec/property-rules';
import {
	PROPERTIES,
	isPropertyAllowed,
	type PropertyContext,
} from '../../../../shared/mqtt/properties';
import { DECIDED, ROWS } from '../../../fixtures/frames/protocol-errors';

describe('MQTT 5 protocol errors found on one packet', () => {
	it.each(ROWS.map((row) => ({ ...row, hex: toHex(row.frame) })))(
		'$rule $packet: $what ($hex) at byte $offset',
		({ rule, packet, frame: bytes, offset, sender }) => {
			const decoded = decodeFrame(bytes, { protocolLevel: 5, sender });
			expect(decoded.type).toBe(packet);
			expect(decoded.packet).toBeUndefined();
			expect(decoded.error).toMatchObject({ rule, offset });
			expect(decoded.error?.message.length).toBeGreaterThan(20);
			// The frame is whole: the rule is the problem, not a cut or a bad length.
			expect(decoded.byteLength).toBe(bytes.length);
		},
	);

	it('checks the one-sided rules only when the sender is known', () => {
		for (const row of ROWS.filter((r) => r.sender !== undefined)) {
			const other = row.sender === 'client' ? 'server' : 'client';
			expect(decodeFrame(row.frame, { protocolLevel: 5 }).error, row.what).toBeUndefined();
			expect(decodeFrame(row.frame, { protocolLevel: 5, sender: other }).error).toBeUndefined();
		}
	});

	it('cites a section for every property each packet allows (the section table matches the placement table)', () => {
		for (const [context, list] of Object.entries(PROPERTY_SECTIONS) as [
			PropertyContext,
			(typeof PROPERTY_SECTIONS)[PropertyContext],
		][]) {
			const allowed = PROPERTIES.filter((definition) => isPropertyAllowed(definition, context));
			// The section table lists exactly the properties the placement table allows.
			expect(new Set(list.order), context).toEqual(new Set(allowed.map((d) => d.name)));
		}
	});
});

describe('cases the specification leaves to the receiver, as decided', () => {
	it.each(DECIDED.map((row) => ({ ...row, hex: toHex(row.frame) })))(
		'$packet: $what ($hex) decodes without an error',
		({ packet, frame: bytes }) => {
			const decoded = decodeFrame(bytes, { protocolLevel: 5 });
			expect(decoded.type).toBe(packet);
			expect(decoded.error).toBeUndefined();
			expect(decoded.packet).toBeDefined();
		},
	);
});
