/** Defect: a paused frames list went blank when scrolled (rows scrolled into view were never fetched). */
import { expect, test } from './fixtures';
import { openFrames, publishMany } from './frames-helpers';

const ROW_HEIGHT = 24;
const LOAD = 400;
/** CONNECT, CONNACK, SUBSCRIBE and SUBACK come before the load's PUBLISH frames. */
const SESSION_ROWS = 4;

test('paused, the frames list stops moving but loads the rows scrolled into view', async ({
	page,
	app,
	broker,
}) => {
	await openFrames(page, app.url, broker);
	const list = page.getByRole('listbox', { name: 'Frames' });
	await expect(list.locator('[data-type="SUBACK"]')).toHaveCount(1);
	await publishMany(broker, LOAD, (i) => `load/${i}`, 'e2e-paused-load');
	const rowCount = SESSION_ROWS + LOAD;
	// Following the newest until paused.
	await expect(list.getByRole('option', { name: /load\/399 / })).toBeVisible();
	await page.getByRole('button', { name: 'Pause' }).click();

	// Scrolled to the top with the wheel, as a person does: the first frames of the session.
	const option = (position: number) => list.locator(`[role="option"][aria-posinset="${position}"]`);
	await list.hover();
	await page.mouse.wheel(0, -rowCount * ROW_HEIGHT);
	await expect(list.locator('[data-type="CONNECT"]')).toBeInViewport();
	await expect(list.getByRole('option', { name: /load\/0 / })).toBeInViewport();
	await expect(option(1)).toHaveAttribute('data-type', 'CONNECT');
	await expect(option(2)).toHaveAttribute('data-type', 'CONNACK');
	await expect(option(4)).toHaveAttribute('data-type', 'SUBACK');
	await expect(option(5)).toHaveAttribute('data-type', 'PUBLISH');
	await expect(option(5).locator('.topic')).toHaveText('load/0');

	// The middle: row p holds the PUBLISH of load/(p - 5).
	await page.mouse.wheel(0, 200 * ROW_HEIGHT);
	await expect(list.getByRole('option', { name: /load\/200 / })).toBeInViewport();
	await expect(option(205)).toBeInViewport();
	await expect(option(205)).toHaveAttribute('data-type', 'PUBLISH');
	await expect(option(205).locator('.topic')).toHaveText('load/200');
	await expect(option(210).locator('.topic')).toHaveText('load/205');
	await expect(page.getByTestId('pause-status')).toContainText('Paused: 0 frames arrived since');
	await page.screenshot({ path: 'test-results/screenshots/frames-paused-scrolled.png' });

	// New frames neither grow nor shift the paused list; the status counts them.
	await publishMany(broker, 50, (i) => `late/${i}`, 'e2e-paused-late');
	await expect(page.getByTestId('pause-status')).toContainText('Paused: 50 frames arrived since');
	await expect(option(205).locator('.topic')).toHaveText('load/200');
	await expect(option(205)).toHaveAttribute('aria-setsize', String(rowCount));
	await page.mouse.wheel(0, rowCount * ROW_HEIGHT);
	await expect(option(rowCount).locator('.topic')).toHaveText(`load/${LOAD - 1}`);
	await expect(list.getByRole('option', { name: /late\// })).toHaveCount(0);

	// Resumed at the bottom: up to date, following the newest again.
	await page.getByRole('button', { name: 'Resume' }).click();
	await expect(page.getByTestId('pause-status')).toHaveCount(0);
	await expect(list.getByRole('option', { name: /late\/49 / })).toBeVisible();
	await expect(list.getByRole('option', { name: /late\/49 / })).toHaveAttribute(
		'aria-setsize',
		String(rowCount + 50),
	);
});
