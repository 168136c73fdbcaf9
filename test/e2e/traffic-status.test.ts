/**
 * The connection bar's traffic figures in Chromium: messages and bytes per second while a firehose
 * runs, and what main does for a page that cannot keep up. The page's main thread is blocked
 * (as a slow renderer would be) while messages pour in: main holds that page's patches and merges
 * them (coalesced, counted), sheds nothing, and the tree ends exact once the page is back.
 */
import { startStreamSource } from '../../scripts/bench/stream-source';
import { expect, test } from './fixtures';

const TOPICS = 1_000;
/** A timed firehose: it outlasts the page's blocks on any machine; the count is what it sent. */
const FIREHOSE_MS = 8_000;

const count = (text: string | null): number => Number((text ?? '').replace(/[^\d]/g, ''));

test('the bar shows msg/s and bytes/s, and a blocked page gets coalesced patches, none shed', async ({
	page,
	app,
}) => {
	test.setTimeout(180_000);
	const source = await startStreamSource({
		messages: 50_000_000,
		topics: TOPICS,
		payloadBytes: 100,
		durationMs: FIREHOSE_MS,
	});
	try {
		await page.goto(app.url);
		await page.getByLabel('Host', { exact: true }).fill('127.0.0.1');
		await page.getByLabel('Port', { exact: true }).fill(String(source.port));
		await page.getByLabel('MQTT version').selectOption({ label: 'MQTT 3.1.1' });
		await page.getByRole('button', { name: 'Connect', exact: true }).click();
		await expect(page.getByTestId('connection-state')).toHaveText('connected');
		await page.getByRole('button', { name: 'Expand bench' }).click();

		const traffic = page.getByTestId('traffic');
		await expect(traffic.getByTestId('traffic-shed')).toHaveText('0 shed');
		// A second's figures while the firehose runs.
		await expect
			.poll(async () => count(await traffic.getByTestId('traffic-messages').textContent()))
			.toBeGreaterThan(0);
		await expect(traffic.getByTestId('traffic-bytes')).toHaveText(/^[\d.]+ (B|KB|MB)\/s$/);

		// A renderer stuck for a while, twice: main must hold its patches, not queue them.
		const coalescedBefore = count(await traffic.getByTestId('traffic-coalesced').textContent());
		for (let block = 0; block < 2; block++) {
			await page.evaluate(() => {
				const until = performance.now() + 600;
				while (performance.now() < until) {
					// Busy: no frame, no acknowledgement.
				}
			});
		}
		await expect
			.poll(async () => count(await traffic.getByTestId('traffic-coalesced').textContent()), {
				timeout: 20_000,
			})
			.toBeGreaterThan(coalescedBefore);

		// Every message accounted for once the source is done: merged patches lose nothing.
		const { sent } = await source.reported;
		await expect(page.getByTestId('total-messages')).toHaveText(
			`${(sent + 1).toLocaleString('en')} messages`,
			{ timeout: 90_000 },
		);
		// Round-robin over 1,000 topics: bench/0 holds topics 0 to 99.
		let site0 = 0;
		for (let topic = 0; topic < 100; topic++) {
			site0 += Math.floor(sent / TOPICS) + (topic < sent % TOPICS ? 1 : 0);
		}
		await expect(page.locator('[data-topic="bench/0"]')).toContainText(
			`100 topics, ${site0.toLocaleString('en')} messages`,
		);
		await expect(traffic.getByTestId('traffic-shed')).toHaveText('0 shed');
		await expect(traffic.getByTestId('traffic-messages')).toHaveText('0 msg/s', {
			timeout: 10_000,
		});
		await page.screenshot({ path: 'test-results/screenshots/traffic-status.png' });
	} finally {
		await source.stop();
	}
});
