import { createServer, type AddressInfo } from 'node:net';
import { Aedes } from 'aedes';
import mqtt from 'mqtt';
import { expect, test } from './fixtures';
import { connectTo, framesOfType, seriousViolations } from './pubsub-helpers';

test('live subscription edits change what arrives, without reconnecting', async ({
	page,
	app,
	broker,
}) => {
	await connectTo(page, app.url, broker);
	const since = await page.getByTestId('connection-since').textContent();
	await page.getByRole('button', { name: 'Subscriptions', exact: true }).click();
	const panel = page.getByTestId('subscriptions-panel');
	const rows = panel.getByTestId('subscription-row');
	await expect(rows).toHaveCount(1);
	await expect(rows.first()).toContainText('#');
	await expect(rows.first()).toContainText('Granted at QoS 2.');

	// Narrow '#' down to live/a/#.
	await panel.getByRole('button', { name: 'Edit #' }).click();
	await panel.getByLabel('Edit topic filter').fill('live/a/#');
	await panel.getByRole('button', { name: 'Save subscription' }).click();
	await expect(rows).toHaveCount(1);
	await expect(rows.first()).toContainText('live/a/#');
	await expect(rows.first()).toContainText('Granted at QoS 2.');

	const publisher = await mqtt.connectAsync(broker.url, { clientId: 'e2e-live-subs' });
	const tree = page.getByRole('tree', { name: 'Topics' });
	await publisher.publishAsync('live/b/1', 'not subscribed', { qos: 1 });
	await publisher.publishAsync('live/a/1', 'subscribed', { qos: 1 });
	await expect(rows.first().getByTestId('subscription-count')).toHaveText('1 message');
	await page.getByRole('button', { name: 'Expand live' }).click();
	await expect(tree.locator('[data-topic="live/a"]')).toBeVisible();
	await expect(tree.locator('[data-topic="live/b"]')).toHaveCount(0);

	// Add live/b/#, then turn live/a/# off: the next messages follow the new set.
	await panel.getByLabel('Topic filter').fill('live/b/#');
	await panel.getByRole('button', { name: 'Subscribe', exact: true }).click();
	await expect(rows).toHaveCount(2);
	await expect(rows.nth(1)).toContainText('Granted at QoS 2.');
	await panel.getByRole('checkbox', { name: 'Enabled: live/a/#' }).uncheck();
	await expect(rows.first()).toContainText('Disabled');
	await publisher.publishAsync('live/a/2', 'no longer subscribed', { qos: 1 });
	await publisher.publishAsync('live/b/2', 'now subscribed', { qos: 1 });
	await expect(rows.nth(1).getByTestId('subscription-count')).toHaveText('1 message');
	await expect(tree.locator('[data-topic="live/b"]')).toBeVisible();
	await expect(rows.first().getByTestId('subscription-count')).toHaveText('1 message');
	await publisher.endAsync();
	await page.screenshot({ path: 'test-results/screenshots/subscriptions-panel.png' });

	// The same session all along: one CONNECT, the state never left connected.
	await expect(page.getByTestId('connection-since')).toHaveText(since ?? '');
	expect(await framesOfType(page, 'CONNECT')).toHaveLength(1);
	expect(await framesOfType(page, 'UNSUBSCRIBE')).toHaveLength(2);
	expect(await seriousViolations(page, '[data-testid="subscriptions-panel"]')).toEqual([]);
});

test('invalid filters are named and never reach the broker', async ({ page, app, broker }) => {
	await connectTo(page, app.url, broker);
	await page.getByRole('button', { name: 'Subscriptions', exact: true }).click();
	const panel = page.getByTestId('subscriptions-panel');
	const filter = panel.getByLabel('Topic filter');
	const subscribe = panel.getByRole('button', { name: 'Subscribe', exact: true });
	const cases: [string, string][] = [
		['a/#/b', "'#' must be the last level"],
		['a/b+', "'+' must fill a whole level, e.g. 'a/+/b', not 'a/b+'."],
		['$share//a', "A shared subscription needs a group name: '$share/<group>/<filter>'."],
		['#', 'This filter is in the list already: edit that row instead.'],
	];
	for (const [text, message] of cases) {
		await filter.fill(text);
		await expect(panel.getByRole('alert')).toHaveText(message);
		await expect(filter).toHaveAttribute('aria-invalid', 'true');
		await subscribe.click();
	}
	await filter.fill('');
	await subscribe.click();
	await expect(panel.getByRole('alert')).toHaveText(
		"Empty filter: type a topic filter such as 'sensors/#'.",
	);
	await filter.fill('$share/workers/jobs/#');
	await expect(panel.getByText('Shared subscription of group “workers”')).toBeVisible();
	await expect(panel.getByRole('checkbox', { name: /No Local/ })).toBeDisabled();
	await expect(panel.getByTestId('subscription-row')).toHaveCount(1);
	// Only the SUBSCRIBE sent at connect went out.
	const subscribes = await framesOfType(page, 'SUBSCRIBE');
	expect(subscribes).toHaveLength(1);
	expect(subscribes.join(' ')).not.toContain('a/#/b');
});

test('a filter the broker refuses shows its reason on the row; a saved profile keeps the edit', async ({
	page,
	app,
}) => {
	// mosquitto 2.0 grants every SUBSCRIBE (its ACL applies at delivery): Aedes refuses secret/#.
	const aedes = await Aedes.createBroker({
		authorizeSubscribe: (_client, subscription, done) =>
			done(null, subscription.topic.startsWith('secret/') ? null : subscription),
	});
	const server = createServer((socket) => aedes.handle(socket));
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	try {
		await page.goto(app.url);
		await page.getByLabel('Name', { exact: true }).fill('Guarded broker');
		await page.getByLabel('Host', { exact: true }).fill('127.0.0.1');
		await page
			.getByLabel('Port', { exact: true })
			.fill(String((server.address() as AddressInfo).port));
		await page.getByLabel('MQTT version').selectOption({ label: 'MQTT 3.1.1' });
		await page.getByLabel('Topic filter 1').fill('public/#');
		await page.getByRole('button', { name: 'Save', exact: true }).click();
		await page.getByRole('button', { name: 'Connect Guarded broker' }).click();
		await expect(page.getByTestId('connection-state')).toHaveText('connected');
		await page.getByRole('button', { name: 'Subscriptions', exact: true }).click();
		const panel = page.getByTestId('subscriptions-panel');
		await panel.getByLabel('Topic filter').fill('secret/#');
		await panel.getByRole('button', { name: 'Subscribe', exact: true }).click();
		const refused = panel.getByTestId('subscription-row').nth(1);
		await expect(refused.getByTestId('subscription-answer')).toContainText(
			"The broker refused the subscription to secret/#: failure (reason 128). Check the broker's access rules for this user.",
		);
		await expect(panel.getByRole('status')).toHaveText('Saved in the profile.');
		await page.screenshot({ path: 'test-results/screenshots/subscription-refused.png' });

		// Opening the profile again finds both filters in the form.
		await page.getByRole('button', { name: 'Disconnect' }).click();
		await page.getByRole('button', { name: 'Close' }).click();
		await page.locator('[data-profile="Guarded broker"] button.name').click();
		await expect(page.getByLabel('Topic filter 2')).toHaveValue('secret/#');
	} finally {
		await new Promise<void>((resolve) => aedes.close(() => resolve()));
		await new Promise<void>((resolve) => server.close(() => resolve()));
	}
});
