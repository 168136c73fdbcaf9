/**
 * Frames that left the ring, said plainly: rows of a paused list, and "Show frame" on a message
 * whose PUBLISH was evicted. Browser mode runs with its smallest ring (1,000 frames).
 */
import mqtt from 'mqtt';
import { expect, test } from './fixtures';
import { openFrames, publishMany } from './frames-helpers';

const CAPACITY = 1_000;
const ROW_HEIGHT = 24;
/** CONNECT, CONNACK, SUBSCRIBE and SUBACK come before the load's PUBLISH frames. */
const SESSION_ROWS = 4;

// The app fixture passes its environment to browser mode; set for this file's tests only.
test.beforeAll(() => {
	process.env.TOPICSCOPE_FRAME_CAPACITY = String(CAPACITY);
});
test.afterAll(() => {
	delete process.env.TOPICSCOPE_FRAME_CAPACITY;
});

test('paused while the ring evicts: the oldest rows say they are gone, the others stay in place', async ({
	page,
	app,
	broker,
}) => {
	await openFrames(page, app.url, broker);
	const list = page.getByRole('listbox', { name: 'Frames' });
	await expect(list.locator('[data-type="SUBACK"]')).toHaveCount(1);
	await publishMany(broker, 600, (i) => `early/${i}`, 'e2e-evicted-early');
	const rowCount = SESSION_ROWS + 600;
	await expect(list.getByRole('option', { name: /early\/599 / })).toBeVisible();
	await page.getByRole('button', { name: 'Pause' }).click();

	// 900 more: 1,504 frames in a ring of 1,000, so the paused list's oldest 504 rows are gone.
	await publishMany(broker, 900, (i) => `late/${i}`, 'e2e-evicted-late');
	const status = page.getByTestId('pause-status');
	await expect(status).toContainText('Paused: 900 frames arrived since');
	await expect(status).toContainText(
		'The oldest 504 rows of the paused list have left the frame ring.',
	);
	await expect(page.getByTestId('frame-counts')).toContainText('504 evicted (ring of 1,000)');

	const option = (position: number) => list.locator(`[role="option"][aria-posinset="${position}"]`);
	await list.hover();
	await page.mouse.wheel(0, -rowCount * ROW_HEIGHT);
	await expect(option(1)).toBeInViewport();
	await expect(option(1)).toHaveText('left the frame ring while paused');
	await expect(option(1)).toHaveAttribute('aria-disabled', 'true');
	await expect(option(1)).toHaveAttribute('aria-setsize', String(rowCount));
	await expect(list.locator('[data-type]')).toHaveCount(0);
	await page.screenshot({ path: 'test-results/screenshots/frames-paused-evicted.png' });

	// Past the gone rows, each row holds the frame it held when paused: row p is early/(p - 5).
	await page.mouse.wheel(0, 498 * ROW_HEIGHT);
	await expect(option(505)).toBeInViewport();
	await expect(option(504)).toHaveText('left the frame ring while paused');
	await expect(option(505).locator('.topic')).toHaveText('early/500');
	await expect(option(510).locator('.topic')).toHaveText('early/505');
	await page.screenshot({ path: 'test-results/screenshots/frames-paused-evicted-edge.png' });
});

test('"Show frame" on a message whose PUBLISH left the ring says so and shows no other frame', async ({
	page,
	app,
	broker,
}) => {
	await page.goto(app.url);
	await page.getByLabel('Host', { exact: true }).fill('127.0.0.1');
	await page.getByLabel('Port', { exact: true }).fill(String(broker.port));
	await page.getByRole('button', { name: 'Connect', exact: true }).click();
	await expect(page.getByTestId('connection-state')).toHaveText('connected');

	const publisher = await mqtt.connectAsync(broker.url, { clientId: 'e2e-evicted-target' });
	await publisher.publishAsync('evict/me', 'the message shown', { qos: 0 });
	await publisher.endAsync();
	const tree = page.getByRole('tree', { name: 'Topics' });
	await page.getByRole('button', { name: 'Expand evict' }).click();
	await tree.locator('[data-topic="evict/me"] .label').click();
	await expect(page.getByTestId('message-topic')).toHaveText('evict/me');
	const shownAt = await page.getByTestId('message-time').textContent();

	// Enough traffic to push its PUBLISH out of the ring; `done` arrives last.
	await publishMany(broker, CAPACITY + 100, (i) => `flood/${i}`, 'e2e-evicted-flood');
	await publishMany(broker, 1, () => 'done', 'e2e-evicted-done');
	await expect(tree.locator('[data-topic="done"]')).toBeVisible();

	await page.getByRole('button', { name: 'Show frame' }).click();
	const notice = page.getByTestId('frames-notice');
	await expect(notice).toHaveText(
		/^This message's PUBLISH \(received at \d\d:\d\d:\d\d\.\d{6}\) has left the frame ring, which keeps the newest 1,000 frames; [\d,]+ frames were evicted\.$/,
	);
	// The time is the message's own, to the microsecond (the panel shows it to the millisecond).
	await expect(notice).toContainText(`(received at ${shownAt}`);
	await expect(page.getByTestId('frame-inspector')).toHaveCount(0);
	await expect(
		page.getByRole('listbox', { name: 'Frames' }).locator('[aria-selected="true"]'),
	).toHaveCount(0);
	await page.screenshot({ path: 'test-results/screenshots/frames-show-evicted.png' });
});
