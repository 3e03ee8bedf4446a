// The dashboard: the secretary opens it from the desk and the figures of a chart as a table, in
// English and Filipino; a representative sees only the charts the policy lets them read.
import assert from 'node:assert/strict';

export default async function ({ base, world, signIn, check, submit }) {
  const board = world.ids.boardA;
  const path = `/desk/boards/${board}/dashboard`;
  const sec = await signIn(world.secretary);
  // Two months of an indicator's figures, so that its trend is drawn as a line.
  const figures = `/desk/boards/${board}/indicators`;
  for (const period of [null, new Date().toISOString().slice(0, 7)]) {
    await sec.goto(`${base}${figures}`);
    await sec.selectOption('#value-indicator', { index: 1 });
    if (period) await sec.fill('#value-period', period);
    await sec.fill('#value-value', period ? '5' : '3');
    await submit(sec, figures);
  }
  await sec.goto(`${base}/desk`);
  await Promise.all([sec.waitForNavigation(), sec.click(`a[href="${path}"]`)]);
  assert.equal(await sec.locator('svg.chart[role="img"]').count() >= 4, true);
  assert.equal(await sec.locator('svg.chart path').count() >= 1, true, 'a trend drawn as a line');
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
