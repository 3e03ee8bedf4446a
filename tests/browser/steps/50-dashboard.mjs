// The dashboard: the secretary opens it from the desk and the figures of a chart as a table, in
// English and Filipino; a representative sees only the charts the policy lets them read.
import assert from 'node:assert/strict';

export default async function ({ base, world, signIn, check }) {
  const board = world.ids.boardA;
  const path = `/desk/boards/${board}/dashboard`;
  const sec = await signIn(world.secretary);
  await Promise.all([sec.waitForNavigation(), sec.click(`a[href="${path}"]`)]);
  assert.equal(await sec.locator('svg.chart[role="img"]').count() >= 4, true);
  await sec.click('#incidents details.figures summary');
  assert.match(await sec.textContent('#incidents-table'), /Total/);
  await check(sec, 'dashboard');
  await sec.goto(`${base}${path}?lang=fil`);
  assert.match(await sec.textContent('h1'), /pangkalahatang tanaw/);
  await check(sec, 'dashboard-filipino');

  const rep = await signIn(world.representative);
  await rep.goto(`${base}${path}`);
  assert.equal(await rep.locator('#incidents-table').count(), 0);
  assert.match(await rep.textContent('main'), /Incidents are left out/);
  await check(rep, 'dashboard-representative');
}
