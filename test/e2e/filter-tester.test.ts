import { expect, test } from './fixtures';
import { connectTo, seriousViolations } from './pubsub-helpers';

test('the topic filter tester marks each topic with the reason', async ({ page, app, broker }) => {
	await connectTo(page, app.url, broker);
	await page.getByRole('tab', { name: 'Tools' }).click();
	const tester = page.getByTestId('filter-tester');
	await tester.getByLabel('Topic filter').fill('$share/workers/+/temperature');
	await tester
		.getByLabel('Topics, one per line')
		.fill(['kitchen/temperature', 'kitchen/humidity', '$SYS/temperature'].join('\n'));
	const results = tester.getByTestId('filter-result');
	await expect(results).toHaveText([
		/^✓\s*Match\s*kitchen\/temperature\s*Shared subscription of group 'workers', matched as '\+\/temperature'.*'\+' matched 'kitchen' at the 1st level\.$/,
		/^✕\s*No match\s*kitchen\/humidity\s*.*the 2nd level differs: the filter has 'temperature', the topic 'humidity'\.$/,
		/^✕\s*No match\s*\$SYS\/temperature\s*.*topics starting with '\$'.*\[MQTT-4\.7\.2-1\]$/,
	]);
	await expect(tester.getByRole('status')).toHaveText('1 of 3 match');

	await tester.getByLabel('Topic filter').fill('a/#/b');
	await expect(tester.getByRole('alert')).toHaveText("'#' must be the last level");
	await expect(results).toHaveCount(0);
	await tester.getByLabel('Topic filter').fill('#');
	await expect(results.nth(2)).toContainText('No match');
	await page.screenshot({ path: 'test-results/screenshots/filter-tester.png' });
	expect(await seriousViolations(page, '[data-testid="filter-tester"]')).toEqual([]);
});
