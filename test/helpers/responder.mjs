// An independent request/response responder, run as its own process with MQTT.js (not our code):
//   node test/helpers/responder.mjs <broker url> <request topic> v5
//   node test/helpers/responder.mjs <broker url> <request topic> v311 <reply topic>
// MQTT 5: to each request it first sends a decoy with other correlation data (which the requester
// must ignore), then the reply "reply to <payload>" with the request's correlation data and a user
// property. MQTT 3.1.1: it publishes "reply to <payload>" on the reply topic. Prints "ready" once
// subscribed.
import mqtt from 'mqtt';

const [url, requestTopic, mode, replyTopic] = process.argv.slice(2);
const isV5 = mode === 'v5';
const client = await mqtt.connectAsync(url, {
	clientId: `responder-${process.pid}`,
	protocolVersion: isV5 ? 5 : 4,
});
client.on('message', (_topic, payload, packet) => {
	const body = `reply to ${payload.toString()}`;
	if (isV5) {
		const responseTopic = packet.properties?.responseTopic;
		const correlationData = packet.properties?.correlationData;
		if (!responseTopic) return;
		client.publish(responseTopic, 'decoy', {
			qos: 1,
			properties: { correlationData: Buffer.from('not-yours') },
		});
		client.publish(responseTopic, body, {
			qos: 1,
			properties: {
				...(correlationData ? { correlationData } : {}),
				contentType: 'text/plain',
				userProperties: { responder: 'independent' },
			},
		});
	} else {
		client.publish(replyTopic, body, { qos: 1 });
	}
});
await client.subscribeAsync(requestTopic, { qos: 1 });
process.stdout.write('ready\n');
process.on('SIGTERM', () => {
	client.end(true, {}, () => process.exit(0));
});
