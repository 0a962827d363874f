import { test, expect } from '../fixtures';

test.use({ simArgs: ['--extra-vms', '2000'] });

test('search, sort and paging stay on the server over 2,000 VMs', async ({ page, sim, signedIn }) => {
  await page.goto('/vms');
  await expect(page.getByTestId('vm-page')).toHaveText(/^Page 1 of \d+$/);
  const rows = page.locator('main table tbody tr');
  await expect(rows).toHaveCount(50);
  const total = Number((await page.getByTestId('vm-count').textContent())!.split(' ')[0]);
  expect(total).toBeGreaterThan(2000);
  await expect(page.getByTestId('vm-page')).toHaveText(`Page 1 of ${Math.ceil(total / 50)}`);

  await page.getByRole('button', { name: 'Next page' }).click();
  await expect(page.getByTestId('vm-page')).toHaveText(`Page 2 of ${Math.ceil(total / 50)}`);
  const pageQueries = (await sim.requests()).filter((r) => r.path === '/zstack/v1/vm-instances');
  expect(pageQueries.at(-1)!.query).toContain('start=50');
  expect(pageQueries.at(-1)!.query).toContain('limit=50');

  // Sorting by name descending puts the last name first.
  await page.getByRole('button', { name: 'Name' }).click();
  await expect(page.getByRole('columnheader', { name: 'Name' })).toHaveAttribute('aria-sort', 'descending');
  await expect(page.getByTestId('vm-page')).toHaveText(/^Page 1 of/);
  const names = await page.locator('main table tbody tr td:nth-child(2)').allTextContents();
  expect(names).toEqual([...names].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0)));

  // Typing quickly sends one search, after the pause, with the name condition.
  await sim.clearRequests();
  await page.getByRole('searchbox', { name: 'Search VMs' }).pressSequentially('web', { delay: 30 });
  await expect(page.getByTestId('vm-page')).toHaveText('Page 1 of 1');
  const searches = (await sim.requests()).filter((r) => r.path === '/zstack/v1/vm-instances');
  expect(searches).toHaveLength(1);
  expect(decodeURIComponent(searches[0].query!.replace(/\+/g, ' '))).toContain('name~=%web%');
  for (const n of await page.locator('main table tbody tr td:nth-child(2)').allTextContents()) expect(n.toLowerCase()).toContain('web');

  await page.getByRole('searchbox', { name: 'Search VMs' }).fill('no-such-vm-anywhere');
  await expect(page.getByTestId('vm-empty')).toContainText('No VM name contains');
});

test('a failed list load says why and retries', async ({ page, sim, signedIn }) => {
  await sim.fault({ api: 'QueryVmInstance', status: 502, body: '<html><body>Bad gateway</body></html>', content_type: 'text/html', times: 1 });
  await page.goto('/vms');
  await expect(page.getByRole('alert')).toContainText('502 Bad Gateway');
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByTestId('vm-count')).toContainText('VMs');
});
