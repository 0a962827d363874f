import { test, expect } from '../fixtures';
import path from 'node:path';
import { finishedRun } from '../specs/scripts-common';

// The README's picture of a finished script run. Nine copies of web-01 make
// its output the common one, so the odd results stand out above it.
const DOCS = path.resolve(__dirname, '../../../docs');
test.use({ viewport: { width: 1280, height: 860 }, colorScheme: 'light', locale: 'en-US', simArgs: ['--extra-vms', '9'] });

test('a finished run: groups, odd ones first, one open', async ({ page, sim, signedIn }) => {
  const copies = Array.from({ length: 9 }, (_, i) => `load-${String(i + 1).padStart(5, '0')}`);
  const { record } = await finishedRun(sim, copies);
  await page.goto(`/scripts/records/${record.uuid}`);
  await expect(page.getByTestId('record-status')).toHaveText('Failed');
  const groups = page.getByTestId('record-groups');
  await expect(groups.getByRole('status')).toHaveText('10 VMs: same output, 4 VMs differ, 3 could not run');
  // The Ubuntu pair: two VMs alike, and not the common output.
  const pair = groups.locator('details').filter({ hasText: '2 VMs differ' });
  await pair.locator('summary').click();
  await expect(pair.getByTestId('group-stdout')).toHaveText('5.15.0-107-generic\n');
  await page.mouse.move(0, 0);
  // Down to the end of the groups: the common output closes the list.
  const box = (await groups.boundingBox())!;
  await page.screenshot({ path: `${DOCS}/script-run-groups.png`, fullPage: true, clip: { x: 0, y: 0, width: 1280, height: Math.ceil(box.y + box.height + 6) } });
});
