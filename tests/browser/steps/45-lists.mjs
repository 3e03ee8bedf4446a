// Long lists: the secretary finds the action the walk verified with the filter form (a search and
// a status) and goes back to the whole list; the incidents and grievances lists filter by month
// and lateness; the admin reads the audit log filtered by who changed what, on a phone as on a
// desk.
import assert from 'node:assert/strict';

export default async function ({ base, world, signIn, check, submit }) {
  const sec = await signIn(world.secretary);
  await sec.goto(`${base}/desk/boards/${world.ids.boardA}/actions`);
  assert.match(await sec.textContent('#list-range'), /^1–\d+ of \d+$/);
  await sec.click('details.filter-box summary');
  await sec.fill('#filter-q', 'school');
  await sec.selectOption('#filter-status', 'verified');
  const [filtered] = await Promise.all([sec.waitForNavigation(), sec.click('form.filters button')]);
  assert.equal(filtered.status(), 200, `${sec.url()}: ${(await sec.textContent('main')).slice(0, 300)}`);
  assert.match(sec.url(), /q=school/);
  assert.match(await sec.textContent('#list-range'), /of 1$/);
  await check(sec, 'actions-filtered');
  await Promise.all([sec.waitForNavigation(), sec.click('form.filters a')]);
  assert.doesNotMatch(sec.url(), /\?/);

  await sec.goto(`${base}/desk/boards/${world.ids.boardA}/incidents?month=2001-01`);
  assert.equal(await sec.textContent('#list-range'), 'Nothing matches.');
  await check(sec, 'incidents-filtered');
  await sec.goto(`${base}/desk/boards/${world.ids.boardA}/grievances?overdue=on&lang=fil`);
  await check(sec, 'grievances-filtered-filipino');

  const admin = await signIn(world.admin);
  await admin.goto(`${base}/desk/audit`);
  await admin.click('details.filter-box summary');
  await admin.fill('#filter-who', world.secretary);
  await admin.fill('#filter-what', 'action');
  await Promise.all([admin.waitForNavigation(), admin.click('form.filters button')]);
  assert.ok(await admin.locator('dl.diff').count() > 0, 'changes shown field by field');
  await check(admin, 'audit-filtered');
  await Promise.all([admin.waitForNavigation(), admin.click('a[href="/desk/audit/verify"]')]);
  assert.match(await admin.textContent('#chain-finding'), /The chain is whole/);
  await check(admin, 'audit-chain-checked');
}
