/**
 * SCRAM enhanced authentication (MQTT 5) wired onto one MQTT.js client: the CONNECT carries the
 * client-first-message instead of a password, the broker's challenge (AUTH, continue) is answered
 * with the proof, and the CONNACK must carry the broker's own proof.
 */
import { randomBytes } from 'node:crypto';
import type { IClientOptions, IConnackPacket, MqttClient } from 'mqtt';
import type { AppError } from '../../shared/result';
import type { Profile } from '../../shared/model/profile';
import { toClientOptions } from './client-options';
import { isScramMethod, scramFinish, scramStart, scramVerify, type ScramClient } from './scram';

export interface ScramSession {
	readonly options: IClientOptions;
	/** Answers the broker's challenges on `client`; `fail` reports a failed exchange. */
	install(client: MqttClient, fail: (error: AppError) => void): void;
	/** The error when the CONNACK does not prove the broker knows the password, else null. */
	checkConnack(connack: IConnackPacket): AppError | null;
}

/**
 * A SCRAM session when the profile names a SCRAM method and gives no authentication data of its
 * own, else null (the profile's options are used as they are).
 */
export function startScram(profile: Profile): ScramSession | null {
	const method = profile.properties.authenticationMethod;
	if (
		profile.protocolVersion !== 5 ||
		!isScramMethod(method) ||
		profile.properties.authenticationDataHex
	) {
		return null;
	}
	const scram: ScramClient = scramStart(
		method,
		profile.username,
		randomBytes(18).toString('base64'),
	);
	const options = toClientOptions(profile);
	// With SCRAM the password proves itself without travelling: it must not ride in the CONNECT.
	delete options.password;
	options.properties = {
		...options.properties,
		authenticationMethod: method,
		authenticationData: Buffer.from(scram.clientFirst),
	};
	let expectedServerSignature: Buffer | null = null;
	return {
		options,
		install(client, fail) {
			// The broker's challenge arrives as AUTH (continue): answer it with the SCRAM proof.
			client.handleAuth = (packet, callback) => {
				const challenge = Buffer.from(packet.properties?.authenticationData ?? []).toString('utf8');
				const step = scramFinish(scram, challenge, profile.password);
				if (!step.ok) {
					fail({ code: 'unauthorised', message: `SCRAM authentication failed: ${step.message}.` });
					callback(new Error(step.message));
					return;
				}
				expectedServerSignature = step.serverSignature;
				callback(undefined, {
					cmd: 'auth',
					reasonCode: 0x18,
					properties: {
						authenticationMethod: scram.method,
						authenticationData: Buffer.from(step.clientFinal),
					},
				});
			};
		},
		checkConnack(connack) {
			const final = connack.properties?.authenticationData?.toString('utf8') ?? '';
			if (expectedServerSignature !== null && scramVerify(final, expectedServerSignature)) {
				return null;
			}
			return {
				code: 'unauthorised',
				message:
					'The broker did not prove it knows the SCRAM password (its signature is missing or wrong): it may not be the broker you expect.',
			};
		},
	};
}
