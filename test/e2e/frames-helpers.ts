/** Steps the frames list tests share: connect with the form, open the Frames tab, publish a load. */
import type { Page } from '@playwright/test';
import mqtt from 'mqtt';
import type { TestBroker } from '../helpers/broker';
import { expect } from './fixtures';

/** Connects to the test broker with the form (subscribed to everything) and opens Frames. */
export async function openFrames(page: Page, appUrl: string, broker: TestBroker): Promise<void> {
	await page.goto(appUrl);
	await page.getByLabel('Host', { exact: true }).fill('127.0.0.1');
	await page.getByLabel('Port', { exact: true }).fill(String(broker.port));
	await page.getByRole('button', { name: 'Connect', exact: true }).click();
	await expect(page.getByTestId('connection-state')).toHaveText('connected');
	await page.getByRole('tab', { name: 'Frames' }).click();
}

/** Publishes `count` QoS 0 messages, `topicOf(i)` each, from another client; resolves once sent. */
export async function publishMany(
	broker: TestBroker,
	count: number,
	topicOf: (index: number) => string,
	clientId: string,
): Promise<void> {
	const publisher = await mqtt.connectAsync(broker.url, { clientId });
	for (let i = 0; i < count; i++) publisher.publish(topicOf(i), String(i), { qos: 0 });
	await publisher.endAsync();
}
