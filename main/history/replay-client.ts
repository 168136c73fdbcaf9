/**
 * A publishing client for replays.
 *
 * TODO(#10): publishing belongs to Connection (main/connections) and arrives with issue 10; until
 * then replay opens its own MQTT.js client here, the one place outside main/connections that does,
 * and moves onto Connection.publish when that exists.
 */
import mqtt, { type MqttClient } from 'mqtt';
import type { Profile } from '../../shared/model/profile';
import { err, ok, type Result } from '../../shared/result';
import { toClientOptions } from '../connections/client-options';
import { describeConnectError } from '../connections/connect-errors';
import type { ReplayPublish, ReplayTarget } from './replay';

export interface ReplayClient extends ReplayTarget {
	close(): Promise<void>;
}

export async function openReplayClient(profile: Profile): Promise<Result<ReplayClient>> {
	// Our options leave connecting to the caller (manualConnect); a replay connects at once.
	const options = { ...toClientOptions(profile), reconnectPeriod: 0, manualConnect: false };
	let client: MqttClient;
	try {
		client = await mqtt.connectAsync(options);
	} catch (error) {
		return err(
			'connection-refused',
			describeConnectError(error, {
				host: profile.host,
				port: profile.port,
				protocolVersion: profile.protocolVersion,
				wasConnected: false,
				isTls: profile.transport === 'mqtts' || profile.transport === 'wss',
				hasClientCertificate:
					profile.tls.clientCertPem !== undefined || profile.tls.pkcs12Base64 !== undefined,
			}).message,
		);
	}
	const isV5 = profile.protocolVersion === 5;
	return ok({
		async publish(message: ReplayPublish): Promise<Result<null>> {
			const properties = message.properties;
			try {
				await client.publishAsync(
					message.topic,
					Buffer.from(
						message.payload.buffer,
						message.payload.byteOffset,
						message.payload.byteLength,
					),
					{
						qos: message.qos,
						retain: message.retain,
						...(isV5 && properties !== undefined
							? {
									properties: {
										...(properties.payloadFormatIndicator !== undefined
											? { payloadFormatIndicator: properties.payloadFormatIndicator === 1 }
											: {}),
										...(properties.messageExpiryIntervalSeconds !== undefined
											? { messageExpiryInterval: properties.messageExpiryIntervalSeconds }
											: {}),
										...(properties.responseTopic !== undefined
											? { responseTopic: properties.responseTopic }
											: {}),
										...(properties.correlationData !== undefined
											? { correlationData: Buffer.from(properties.correlationData) }
											: {}),
										...(properties.contentType !== undefined
											? { contentType: properties.contentType }
											: {}),
										...(properties.userProperties !== undefined
											? { userProperties: groupUserProperties(properties.userProperties) }
											: {}),
									},
								}
							: {}),
					},
				);
				return ok(null);
			} catch (error) {
				return err(
					'publish-failed',
					`Publishing to ${message.topic} failed: ${error instanceof Error ? error.message : String(error)}`,
				);
			}
		},
		async close(): Promise<void> {
			await client.endAsync();
		},
	});
}

/** MQTT.js takes user properties as an object (a repeated name as a list); order across names is its own. */
function groupUserProperties(
	pairs: readonly (readonly [string, string])[],
): Record<string, string | string[]> {
	const out: Record<string, string | string[]> = {};
	for (const [name, value] of pairs) {
		const existing = out[name];
		if (existing === undefined) out[name] = value;
		else if (Array.isArray(existing)) existing.push(value);
		else out[name] = [existing, value];
	}
	return out;
}
