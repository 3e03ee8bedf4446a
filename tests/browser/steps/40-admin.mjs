// The admin's tasks: a new regional board under the national one, its rules changed; a new unit
// in the chain of command; a secretary for the new board, a role added and taken away, the
// account disabled; the signing keys read and a file-less replacement refused; a waiting
// notification sent now. A secretary finds the admin pages closed.
import assert from 'node:assert/strict';

export default async function ({ base, world, signIn, check, submit }) {
  const admin = await signIn(world.admin, 'admin-desk');
  await admin.click('#admin-links a[href="/desk/admin/boards"]');
  await check(admin, 'admin-boards');

  await admin.fill('#new-board-name', 'Region XIII (Caraga)');
  await admin.selectOption('#new-board-level', 'regional');
  await admin.selectOption('#new-board-parent_id', String(world.ids.boardN));
  await submit(admin, '/desk/admin/boards');
  const board = new URL(admin.url()).pathname.split('/').pop();
  assert.match(await admin.textContent('h1'), /Region XIII/);
  await check(admin, 'admin-board');

  await admin.fill('#board-name', '');
  await submit(admin, `/desk/admin/boards/${board}`);
  assert.match(await admin.textContent('#board-name-error'), /.+/);
  await check(admin, 'admin-board-refused');
  await admin.fill('#board-name', 'Region XIII');
  await admin.selectOption('#board-time_zone', 'Asia/Tokyo');
  await admin.fill('#board-grievance_ack_days', '3');
  await submit(admin, `/desk/admin/boards/${board}`);
  assert.match(await admin.textContent('.facts'), /Asia\/Tokyo/);
  await admin.goto(`${base}/desk/admin/boards`);
  assert.equal(await admin.getAttribute(`#board-${board}`, 'class'), 'depth-1');

  await admin.goto(`${base}/desk/admin/units`);
  await check(admin, 'admin-units');
  await admin.fill('#new-unit-name', '3rd Battalion');
  await admin.fill('#new-unit-abbreviation', '3IB');
  await admin.selectOption('#new-unit-service', 'army');
  await admin.selectOption('#new-unit-parent_id', String(world.ids.unitY));
  await submit(admin, '/desk/admin/units');
  assert.match(await admin.textContent('h1'), /3rd Battalion/);
  await check(admin, 'admin-unit');

  await admin.goto(`${base}/desk/admin/users`);
  await check(admin, 'admin-users');
  await admin.fill('#new-user-email', 'caraga.secretary@test.bantay.example');
  await admin.fill('#new-user-name', 'Caraga Secretary');
  await admin.selectOption('#new-user-role', `secretary-${board}`);
  await submit(admin, '/desk/admin/users');
  const user = new URL(admin.url()).pathname;
  assert.match(await admin.textContent('#roles'), /secretary · Region XIII/);
  await admin.selectOption('#role-role', `member-${world.ids.boardA}`);
  await submit(admin, `${user}/roles`);
  await submit(admin, `${user}/roles/member-${world.ids.boardA}`);
  assert.doesNotMatch(await admin.textContent('#roles'), /member/);
  await submit(admin, `${user}/access`);
  assert.equal(await admin.textContent('#account-state'), 'disabled');
  await check(admin, 'admin-user');
  await admin.goto(`${base}/desk/admin/users?lang=fil`);
  assert.match(await admin.textContent('h1'), /Mga account/);
  await check(admin, 'admin-users-filipino');

  await admin.goto(`${base}/desk/admin/keys`);
  assert.match(await admin.textContent('#signing-keys'), /([0-9A-F]{2}:){31}[0-9A-F]{2}/);
  await check(admin, 'admin-keys');
  await admin.click('details.edit summary');
  await submit(admin, '/desk/admin/keys/replace');
  assert.match(await admin.textContent('#replace-pkcs12-error'), /PKCS#12/);
  await check(admin, 'admin-keys-refused');

  await admin.goto(`${base}/desk/admin/outbox?lang=fil`);
  assert.match(await admin.textContent('h1'), /Outbox/);
  const waiting = admin.locator('form[action$="/send"]');
  assert.ok(await waiting.count() > 0, 'notifications wait in the outbox');
  await check(admin, 'admin-outbox-filipino');
  await waiting.first().locator('button').click();
  await admin.waitForLoadState();
  assert.match(admin.url(), /\/desk\/admin\/outbox#notification-/);

  const sec = await signIn(world.secretary);
  assert.equal(await sec.locator('#admin-links').count(), 0);
  const closed = await sec.goto(`${base}/desk/admin/users`);
  assert.equal(closed.status(), 403);
}
