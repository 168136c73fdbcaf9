/**
 * A node with 100,000 children, opened and scrolled through in Chromium: every row lands at its
 * place (its topic, aria-posinset of 100,000) wherever the list is scrolled, and the last row is
 * reached by keyboard. Timings are reported (test annotations and the log), never asserted.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { startStreamSource, type StreamSource } from '../../scripts/bench/stream-source';
import { expect, test } from './fixtures';

const CHILDREN = 100_000;
const ROW_HEIGHT = 26;
/** Row 0 is 'bench' (the source's end marker, bench/_end), row 1 'fleet', then its children. */
const FIRST_CHILD_ROW = 2;

/** Sets the list's scroll position as a scrollbar drag would. */
async function scrollToRow(viewport: Locator, row: number): Promise<void> {
	await viewport.evaluate((element, top) => {
		element.scrollTop = top;
	}, row * ROW_HEIGHT);
}

/** The row of child `n` is shown at its place with its position among 100,000 siblings. */
async function expectChildRow(tree: Locator, n: number): Promise<void> {
	const row = tree.locator(`[data-topic="fleet/${n}"]`);
	await expect(row).toBeVisible();
	await expect(row).toHaveAttribute('aria-posinset', String(n + 1));
	await expect(row).toHaveAttribute('aria-setsize', String(CHILDREN));
	await expect(row.locator('.segment')).toHaveText(String(n));
	// Its slot is where row FIRST_CHILD_ROW + n belongs in the scrolled list (measured from the
	// list's top: the style's own text rounds large offsets).
	const top = await row.evaluate((element) => {
		const slot = element.parentElement;
		const spacer = slot?.parentElement;
		if (!slot || !spacer) return -1;
		return slot.getBoundingClientRect().top - spacer.getBoundingClientRect().top;
	});
	expect(top).toBe((FIRST_CHILD_ROW + n) * ROW_HEIGHT);
}

async function timed(what: string, run: () => Promise<void>, timings: string[]): Promise<void> {
	const started = performance.now();
	await run();
	timings.push(`${what}: ${Math.round(performance.now() - started)} ms`);
}

async function connect(page: Page, url: string, source: StreamSource): Promise<void> {
	await page.goto(url);
	await page.getByLabel('Host', { exact: true }).fill('127.0.0.1');
	await page.getByLabel('Port', { exact: true }).fill(String(source.port));
	await page.getByLabel('MQTT version').selectOption({ label: 'MQTT 3.1.1' });
	await page.getByRole('button', { name: 'Connect', exact: true }).click();
	await expect(page.getByTestId('connection-state')).toHaveText('connected');
}

test('a node with 100,000 children opens and scrolls with every row at its place', async ({
	page,
	app,
}) => {
	test.setTimeout(180_000);
	// One message per child, straight from a streaming source (a broker would take minutes here).
	const source = await startStreamSource({
		messages: CHILDREN,
		topics: CHILDREN,
		payloadBytes: 20,
		topic: (i) => `fleet/${i}`,
	});
	const timings: string[] = [];
	try {
		await connect(page, app.url, source);
		await expect(page.getByTestId('total-messages')).toHaveText(
			`${(CHILDREN + 1).toLocaleString('en')} messages`,
			{ timeout: 60_000 },
		);
		const tree = page.getByRole('tree', { name: 'Topics' });
		await expect(tree.locator('[data-topic="fleet"]')).toContainText('100,000 topics');

		await timed(
			'expand fleet (100,000 children) to its first rows shown',
			async () => {
				await page.getByRole('button', { name: 'Expand fleet' }).click();
				await expectChildRow(tree, 0);
			},
			timings,
		);
		// Natural order: 2 before 10, 99,999 last.
		await expectChildRow(tree, 10);

		for (const child of [1_000, 25_000, 50_000, 77_777, 99_980]) {
			await timed(
				`scroll to child ${child.toLocaleString('en')}`,
				async () => {
					await scrollToRow(tree, FIRST_CHILD_ROW + child);
					await expectChildRow(tree, child);
				},
				timings,
			);
			await expectChildRow(tree, child + 5);
		}

		// Wheel steps through the middle, as a person scrolls, then the keyboard to the very end.
		await scrollToRow(tree, FIRST_CHILD_ROW + 60_000);
		await expectChildRow(tree, 60_000);
		await tree.hover();
		await timed(
			'20 wheel steps of 10 rows',
			async () => {
				for (let step = 0; step < 20; step++) await page.mouse.wheel(0, 10 * ROW_HEIGHT);
				await expectChildRow(tree, 60_200);
			},
			timings,
		);
		await tree.locator('[data-topic="fleet/60200"] .label').click();
		await expect(page.getByTestId('message-topic')).toHaveText('fleet/60200');
		await timed(
			'End key to the last child',
			async () => {
				await tree.press('End');
				await expectChildRow(tree, CHILDREN - 1);
				await expect(tree.locator(`[data-topic="fleet/${CHILDREN - 1}"]`)).toHaveClass(/focused/);
			},
			timings,
		);
		const accessibility = await new AxeBuilder({ page }).include('[role="tree"]').analyze();
		expect(
			accessibility.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'),
		).toEqual([]);
		await page.screenshot({ path: 'test-results/screenshots/large-node.png' });
	} finally {
		for (const timing of timings)
			test.info().annotations.push({ type: 'timing', description: timing });
		console.log(`large node timings:\n  ${timings.join('\n  ')}`);
		await source.stop();
	}
});
