/**
 * The main tasks with the keyboard alone (no click): connect, browse the tree, read a message,
 * copy it as a mosquitto_pub command, inspect a frame; the command palette, find in tree, the
 * settings and About dialogs, the splitter and the activity summary. Browser mode in Chromium.
 */
import type { Locator, Page } from '@playwright/test';
import mqtt from 'mqtt';
import { expect, test } from './fixtures';

/** Presses Tab until `target` has the focus: a person tabbing through the page (bounded). */
async function tabTo(
	page: Page,
	target: Locator,
	options: { backwards?: boolean } = {},
): Promise<void> {
	for (let presses = 0; presses < 60; presses++) {
		if (await target.evaluate((element) => element === document.activeElement)) return;
		await page.keyboard.press(options.backwards ? 'Shift+Tab' : 'Tab');
	}
	await expect(target).toBeFocused();
}

async function publishPlant(url: string): Promise<void> {
	const publisher = await mqtt.connectAsync(url, {
		clientId: 'keyboard-publisher',
		protocolVersion: 5,
	});
	await publisher.publishAsync('plant/oven/temperature', '{"celsius":182.5}', {
		qos: 1,
		retain: true,
		properties: { contentType: 'application/json' },
	});
	await publisher.publishAsync('plant/press/state', 'running', { qos: 0, retain: true });
	await publisher.endAsync();
}

test('connect, browse the tree, read a message and inspect a frame with the keyboard alone', async ({
	page,
	app,
	broker,
	context,
}) => {
	await context.grantPermissions(['clipboard-read', 'clipboard-write']);
	await publishPlant(broker.url);
	await page.goto(app.url);

	// First run: the built-in broker has the focus and says what it is in one sentence.
	const local = page.getByRole('button', { name: 'Start built-in local broker' });
	await expect(local).toBeFocused();
	await expect(local).toHaveAccessibleDescription(/on this computer only/);

	// Connect: type host and port into the form, then Ctrl+Shift+O (Connect).
	const host = page.getByLabel('Host', { exact: true });
	await tabTo(page, host);
	await page.keyboard.press('Control+a');
	await page.keyboard.type('127.0.0.1');
	await page.keyboard.press('Tab');
	await expect(page.getByLabel('Port', { exact: true })).toBeFocused();
	await page.keyboard.press('Control+a');
	await page.keyboard.type(String(broker.port));
	await page.keyboard.press('Control+Shift+O');
	await expect(page.getByTestId('connection-state')).toHaveText('connected');

	// Browse: Tab to the tree (one Tab stop), open plant and oven with →, select with ↓.
	const tree = page.getByRole('tree', { name: 'Topics' });
	await expect(tree.locator('[data-topic="plant"]')).toBeVisible();
	await tabTo(page, tree);
	await page.keyboard.press('Home');
	await page.keyboard.press('ArrowRight');
	await expect(tree.locator('[data-topic="plant"]')).toHaveAttribute('aria-expanded', 'true');
	// The opened node's rows come from main: a person sees them before moving on.
	await expect(tree.locator('[data-topic="plant/oven"]')).toBeVisible();
	await page.keyboard.press('ArrowDown');
	await page.keyboard.press('ArrowRight');
	await expect(tree.locator('[data-topic="plant/oven/temperature"]')).toBeVisible();
	await page.keyboard.press('ArrowDown');
	await expect(page.getByTestId('message-topic')).toHaveText('plant/oven/temperature');
	// Retained: said in words as well as colour.
	await expect(tree.locator('[data-topic="plant/oven/temperature"]')).toContainText('(retained)');

	// Read the message, and copy it as a command: Tab into the panel's buttons.
	await expect(page.getByTestId('message-payload')).toContainText('182.5');
	await expect(page.getByTestId('message-retain')).toHaveText('yes');
	const copy = page.getByRole('button', { name: 'Copy as mosquitto_pub' });
	await tabTo(page, copy);
	await page.keyboard.press('Enter');
	await expect(page.getByTestId('action-status')).toHaveText('Copied the mosquitto_pub command.');
	expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
		`mosquitto_pub -h 127.0.0.1 -p ${broker.port} -V 5 -t plant/oven/temperature -q 1 -r -D publish content-type application/json -m '{"celsius":182.5}'`,
	);

	// Inspect a frame: Ctrl+2 shows the frames, Tab reaches the list, ↑ inspects a frame.
	await page.keyboard.press('Control+2');
	const frames = page.getByRole('listbox', { name: 'Frames' });
	await expect(page.getByRole('tab', { name: 'Frames' })).toHaveAttribute('aria-selected', 'true');
	await expect(frames.locator('[data-type="SUBACK"]')).toHaveCount(1);
	await tabTo(page, frames);
	await page.keyboard.press('Home');
	const inspector = page.getByTestId('frame-inspector');
	await expect(inspector.locator('header strong')).toHaveText('CONNECT');
	await page.keyboard.press('ArrowDown');
	await expect(inspector.locator('header strong')).toHaveText('CONNACK');
	// Its fields are a tree: one Tab stop, the arrows move along and into it.
	const fields = inspector.getByRole('tree', { name: 'Decoded fields' });
	await expect(fields.locator('[tabindex="0"]')).toHaveCount(1);
	await tabTo(page, fields.getByRole('treeitem').first());
	await expect(page.locator(':focus')).toHaveAttribute('data-field', 'packetType');
	await page.keyboard.press('ArrowDown');
	await expect(page.locator(':focus')).toHaveAttribute('data-field', 'flags');
	await page.keyboard.press('End');
	await expect(page.locator(':focus')).toHaveAttribute('data-field', 'receiveMaximum');
	await page.keyboard.press('ArrowLeft');
	await expect(page.locator(':focus')).toHaveAttribute('data-field', 'properties');
	await page.keyboard.press('ArrowLeft');
	await expect(page.locator(':focus')).toHaveAttribute('aria-expanded', 'false');
	await page.keyboard.press('ArrowRight');
	await expect(page.locator(':focus')).toHaveAttribute('aria-expanded', 'true');
	// Its bytes are a grid: the arrows move the byte named by aria-activedescendant.
	const bytes = inspector.getByRole('grid');
	await tabTo(page, bytes, { backwards: true });
	await page.keyboard.press('ArrowRight');
	const activeByte = await bytes.getAttribute('aria-activedescendant');
	await expect(page.locator(`[id="${activeByte}"]`)).toHaveAttribute('data-byte', '1');
	await expect(page.locator(`[id="${activeByte}"]`)).toHaveAttribute('aria-selected', 'true');

	// Back to the topics, where the selection waited.
	await page.keyboard.press('Control+1');
	await expect(page.getByTestId('message-topic')).toHaveText('plant/oven/temperature');
});

test('the command palette lists every action with its shortcut and runs one by keyboard', async ({
	page,
	app,
	broker,
}) => {
	await publishPlant(broker.url);
	await page.goto(app.url);
	await page.keyboard.press('Control+k');
	const palette = page.getByRole('dialog', { name: 'Commands' });
	const box = palette.getByRole('combobox', { name: 'Command' });
	await expect(box).toBeFocused();
	const options = palette.getByRole('option');
	await expect(options).toHaveCount(37);
	await expect(palette.getByRole('option', { name: /Find in topic tree.*Ctrl\+F/ })).toBeVisible();
	// History is there without a connection: its search runs from anywhere.
	await expect(
		palette.getByRole('option', { name: /Search history.*Ctrl\+Shift\+F/ }),
	).not.toHaveAttribute('aria-disabled', 'true');
	// Not runnable on the connect page, and said so.
	await expect(palette.getByRole('option', { name: /Find in topic tree/ })).toHaveAttribute(
		'aria-disabled',
		'true',
	);
	await expect(
		palette.getByRole('option', { name: /Publish.*not available here.*Ctrl\+Enter/ }),
	).toBeAttached();

	await page.keyboard.type('theme high');
	await expect(options).toHaveCount(1);
	await expect(box).toHaveAttribute('aria-activedescendant', /option-theme\.high-contrast$/);
	await page.keyboard.press('Enter');
	await expect(palette).toBeHidden();
	await expect(page.locator('html')).toHaveAttribute('data-theme', 'high-contrast');

	// Shift+Ctrl+P opens it too; Escape closes it and gives the focus back.
	const local = page.getByRole('button', { name: 'Start built-in local broker' });
	await local.focus();
	await page.keyboard.press('Control+Shift+P');
	await expect(box).toBeFocused();
	await page.keyboard.press('Escape');
	await expect(palette).toBeHidden();
	await expect(local).toBeFocused();

	// The theme was saved by main: a reload (a new page) draws it again.
	await page.reload();
	await expect(page.locator('html')).toHaveAttribute('data-theme', 'high-contrast');
});

test('find in tree, the splitter and the panes by keyboard, and the layout kept', async ({
	page,
	app,
	broker,
}) => {
	await publishPlant(broker.url);
	await page.goto(app.url);
	await page.getByLabel('Host', { exact: true }).fill('127.0.0.1');
	await page.getByLabel('Port', { exact: true }).fill(String(broker.port));
	await page.keyboard.press('Control+Shift+O');
	await expect(page.getByTestId('connection-state')).toHaveText('connected');
	await expect(page.locator('[data-topic="plant"]')).toBeVisible();

	// Ctrl+F: find any topic, collapsed or not; Enter visits the matches in tree order.
	await page.keyboard.press('Control+f');
	const find = page.getByRole('searchbox', { name: 'Find topic' });
	await expect(find).toBeFocused();
	await page.keyboard.type('STATE');
	await page.keyboard.press('Enter');
	await expect(page.getByTestId('message-topic')).toHaveText('plant/press/state');
	await expect(page.getByTestId('find-status')).toHaveText('1 of 1 topic');
	await expect(find).toBeFocused();
	await find.fill('');
	await page.keyboard.type('o');
	await page.keyboard.press('Enter');
	await expect(page.getByTestId('find-status')).toHaveText(/^1 of \d+ topics$/);
	await page.keyboard.press('Escape');
	await expect(page.getByRole('tree', { name: 'Topics' })).toBeFocused();

	// The splitter: a separator with a value, moved by the arrows.
	const splitter = page.getByRole('separator', { name: 'Topic tree width' });
	await expect(splitter).toHaveAttribute('aria-valuenow', '45');
	await tabTo(page, splitter);
	await page.keyboard.press('ArrowLeft');
	await page.keyboard.press('Shift+ArrowLeft');
	await expect(splitter).toHaveAttribute('aria-valuenow', '33');

	// Ctrl+J hides the message panel, Ctrl+J shows it again.
	await page.keyboard.press('Control+j');
	await expect(page.getByTestId('message-topic')).toBeHidden();
	await expect(splitter).toBeHidden();
	await page.keyboard.press('Control+j');
	await expect(page.getByTestId('message-topic')).toBeVisible();

	// The width was saved by main: a new page opens the view split where it was left.
	await page.reload();
	await page
		.getByRole('button', { name: /127\.0\.0\.1/ })
		.first()
		.press('Enter');
	await expect(page.getByRole('separator', { name: 'Topic tree width' })).toHaveAttribute(
		'aria-valuenow',
		'33',
	);
});

test('settings and About by keyboard; dialogs keep the focus inside', async ({ page, app }) => {
	await page.goto(app.url);
	await page.keyboard.press('Control+,');
	const settings = page.getByRole('dialog', { name: 'Settings' });
	await expect(settings).toBeVisible();
	// A radio group: the arrows move the choice, which applies at once.
	await settings.getByRole('radio', { name: 'Follow the system' }).focus();
	await page.keyboard.press('ArrowDown');
	await expect(settings.getByRole('radio', { name: 'Light' })).toBeChecked();
	await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
	await settings.getByRole('radio', { name: 'Compact rows' }).press('Space');
	await expect(page.locator('html')).toHaveAttribute('data-density', 'compact');
	await settings.getByLabel('Text size').selectOption('1.3');
	await expect
		.poll(() => page.evaluate(() => getComputedStyle(document.documentElement).fontSize))
		.toBe('18.2px');
	// Tab from the last control comes back to the first: the focus never leaves the dialog.
	const done = settings.getByRole('button', { name: 'Done' });
	await done.focus();
	await page.keyboard.press('Tab');
	await expect(settings.getByRole('radio', { name: 'Light' })).toBeFocused();
	await page.keyboard.press('Shift+Tab');
	await expect(done).toBeFocused();
	await page.keyboard.press('Enter');
	await expect(settings).toBeHidden();

	// About: versions, the folders (paths in browser mode) and why there are no updates here.
	await page.keyboard.press('Control+k');
	await page.keyboard.type('about');
	await page.keyboard.press('Enter');
	const about = page.getByRole('dialog', { name: 'About Topicscope' });
	await expect(about.getByTestId('about-version')).toContainText('Topicscope 0.1.0');
	await expect(about.getByText(/^Node$/)).toBeVisible();
	await expect(about.getByText(app.dataDir, { exact: true })).toBeVisible();
	await expect(about.getByRole('button', { name: 'Copy path' })).toHaveCount(2);
	await expect(about.getByTestId('update-state')).toContainText(
		'In browser mode Topicscope is updated where it was installed',
	);
	await expect(about.getByText(/No telemetry/)).toBeVisible();
	await page.keyboard.press('Escape');
	await expect(about).toBeHidden();
});

test('a busy connection is summarised politely, not announced per message', async ({
	page,
	app,
	broker,
}) => {
	await page.goto(app.url);
	await page.getByLabel('Host', { exact: true }).fill('127.0.0.1');
	await page.getByLabel('Port', { exact: true }).fill(String(broker.port));
	await page.getByRole('button', { name: 'Connect', exact: true }).click();
	await expect(page.getByTestId('connection-state')).toHaveText('connected');
	const summary = page.getByTestId('activity-summary');
	await expect(summary).toHaveAttribute('role', 'status');
	await expect(summary).toHaveText('');

	const publisher = await mqtt.connectAsync(broker.url, { clientId: 'activity-publisher' });
	// A burst of 150 messages over 15 topics now and then, until the summary speaks (it does at
	// most every 10 s); bounded by the poll's timeout.
	let round = 0;
	await expect
		.poll(
			async () => {
				round++;
				await Promise.all(
					Array.from({ length: 150 }, (_, i) =>
						publisher.publishAsync(`busy/${i % 3}/${i % 5}`, `${round}:${i}`, { qos: 0 }),
					),
				);
				return (await summary.textContent())?.trim();
			},
			{ intervals: [1_000], timeout: 40_000 },
		)
		.toMatch(/^[\d,]+ messages?(\/s| in \d+ s)(, [\d,]+ new topics?)?$/);
	await publisher.endAsync();
	// One region for the whole connection: the tree rows are not live regions.
	await expect(page.locator('[aria-live]:not([aria-live="off"])')).toHaveCount(1);
});

test('publish and edit a subscription with the keyboard alone', async ({ page, app, broker }) => {
	const received: string[] = [];
	const listener = await mqtt.connectAsync(broker.url, { clientId: 'keyboard-listener' });
	listener.on('message', (topic, payload) => received.push(`${topic} ${payload.toString()}`));
	await listener.subscribeAsync('valves/#', { qos: 1 });
	await page.goto(app.url);
	await page.getByLabel('Host', { exact: true }).fill('127.0.0.1');
	await page.getByLabel('Port', { exact: true }).fill(String(broker.port));
	await page.keyboard.press('Control+Shift+O');
	await expect(page.getByTestId('connection-state')).toHaveText('connected');

	// The publish panel from the palette; Ctrl+Enter publishes what it holds.
	await page.keyboard.press('Control+k');
	await page.keyboard.type('publish panel');
	await page.keyboard.press('Enter');
	const publish = page.getByTestId('publish-panel');
	const topic = publish.getByLabel('Topic', { exact: true });
	await tabTo(page, topic);
	await page.keyboard.type('valves/7/set');
	await tabTo(page, publish.getByLabel('Payload (Text)'));
	await page.keyboard.type('open');
	await page.keyboard.press('Control+Enter');
	await expect(publish.getByTestId('publish-outcome')).toContainText('valves/7/set: sent');
	await expect.poll(() => received).toEqual(['valves/7/set open']);

	// Edit the subscription: narrow # to valves/# from the subscriptions panel.
	await page.keyboard.press('Control+k');
	await page.keyboard.type('subscriptions panel');
	await page.keyboard.press('Enter');
	const subscriptions = page.getByTestId('subscriptions-panel');
	const rows = subscriptions.getByTestId('subscription-row');
	await expect(rows.first()).toContainText('Granted at QoS 2.');
	await tabTo(page, subscriptions.getByRole('button', { name: 'Edit #' }));
	await page.keyboard.press('Enter');
	const filter = subscriptions.getByLabel('Edit topic filter');
	await tabTo(page, filter);
	await page.keyboard.press('Control+a');
	await page.keyboard.type('valves/#');
	await tabTo(page, subscriptions.getByRole('button', { name: 'Save subscription' }));
	await page.keyboard.press('Enter');
	await expect(rows).toHaveCount(1);
	await expect(rows.first()).toContainText('valves/#');
	await expect(rows.first()).toContainText('Granted at QoS 2.');
	await listener.endAsync();
});

test('read a message and its history with the keyboard alone: a diff, a search, a result opened in the tree', async ({
	page,
	app,
	broker,
}) => {
	await publishPlant(broker.url);
	await page.goto(app.url);
	const host = page.getByLabel('Host', { exact: true });
	await tabTo(page, host);
	await page.keyboard.press('Control+a');
	await page.keyboard.type('127.0.0.1');
	await page.keyboard.press('Tab');
	await page.keyboard.press('Control+a');
	await page.keyboard.type(String(broker.port));
	await page.keyboard.press('Control+Shift+O');
	await expect(page.getByTestId('connection-state')).toHaveText('connected');
	const publisher = await mqtt.connectAsync(broker.url, { clientId: 'keyboard-history' });
	await publisher.publishAsync('plant/oven/temperature', '{"celsius":190}', { qos: 1 });
	await publisher.publishAsync('plant/oven/temperature', '{"celsius":185,"fan":true}', { qos: 1 });
	await publisher.endAsync();

	// The topic, by the tree's arrows.
	const tree = page.getByRole('tree', { name: 'Topics' });
	await expect(tree.locator('[data-topic="plant"]')).toBeVisible();
	await tabTo(page, tree);
	await page.keyboard.press('Home');
	await page.keyboard.press('ArrowRight');
	await expect(tree.locator('[data-topic="plant/oven"]')).toBeVisible();
	await page.keyboard.press('ArrowDown');
	await page.keyboard.press('ArrowRight');
	await expect(tree.locator('[data-topic="plant/oven/temperature"]')).toBeVisible();
	await page.keyboard.press('ArrowDown');
	await expect(page.getByTestId('message-payload')).toContainText('185');

	// Its history: Ctrl+Shift+H opens it under the message; Tab reaches the list (one stop).
	await page.keyboard.press('Control+Shift+H');
	const stored = page.getByRole('listbox', { name: 'Stored messages of plant/oven/temperature' });
	await expect(stored.getByRole('option')).toHaveCount(3);
	await tabTo(page, stored);
	await page.keyboard.press('Home');
	await expect(stored.getByRole('option').first()).toHaveAttribute('aria-selected', 'true');
	await expect(page.getByTestId('history-message')).toContainText('"fan"');
	await page.keyboard.press('ArrowDown');
	await expect(stored.getByRole('option').nth(1)).toHaveAttribute('aria-selected', 'true');
	await expect(page.getByTestId('history-message').getByRole('tree')).toContainText('190');

	// The selected one against its previous: 182.5 → 190.
	await tabTo(page, page.getByRole('button', { name: 'Diff with previous' }), { backwards: true });
	await page.keyboard.press('Enter');
	await expect(page.getByTestId('json-diff').getByRole('row').nth(1)).toHaveText(
		/~ changed\s*\$\.celsius\s*182\.5\s*190\s*\+7\.5/,
	);
	await tabTo(page, page.getByRole('button', { name: 'Close diff' }), { backwards: true });
	await page.keyboard.press('Enter');

	// Search everything: Ctrl+Shift+F puts the typing in the topic filter; Enter searches.
	await page.keyboard.press('Control+Shift+F');
	await expect(page.getByLabel('Topic filter')).toBeFocused();
	await page.keyboard.type('plant/+/temperature');
	await page.keyboard.press('Tab');
	await page.keyboard.type('fan');
	await page.keyboard.press('Enter');
	const results = page.getByRole('listbox', { name: 'Search results' });
	await expect(results.getByRole('option')).toHaveCount(1);
	await tabTo(page, results);
	await page.keyboard.press('Home');
	await expect(page.getByTestId('history-message-topic')).toHaveText('plant/oven/temperature');
	await tabTo(page, page.getByRole('button', { name: 'Show in topic tree' }));
	await page.keyboard.press('Enter');
	await expect(tree.locator('[aria-selected="true"]')).toHaveAttribute(
		'data-topic',
		'plant/oven/temperature',
	);
	await expect(stored.locator('[aria-selected="true"]')).toContainText('"fan"');
});
