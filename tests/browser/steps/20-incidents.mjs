// Incidents: the secretary records a whole incident (a refused count first), then takes it
// through assessment to investigation; the representative of the unit concerned answers on its
// page without seeing who the victims are; a member reads the board's view.
import assert from 'node:assert/strict';

export default async function ({ base, world, signIn, check, submit }) {
  const board = world.ids.boardA;
  const list = `/desk/boards/${board}/incidents`;
  const sec = await signIn(world.secretary);
  await sec.goto(`${base}${list}`);
  await check(sec, 'incidents');
  await sec.fill('#incident-occurred_on', '2026-11-20');
  await sec.fill('#incident-occurred_time', '05:30');
  await sec.fill('#incident-region', 'Region A');
  await sec.fill('#incident-municipality', 'Malaybalay');
  await sec.selectOption('#incident-severity', 'moderate');
  await sec.fill('#incident-summary', 'A checkpoint search damaged a family home');
  await sec.check('#incident-harm-property_destroyed');
  await sec.check('#incident-harm-injured');
  await sec.selectOption('#incident-victims-0-sex', 'female');
  await sec.selectOption('#incident-victims-0-age_group', 'adult');
  await sec.fill('#incident-victims-0-count', '0');
  await sec.selectOption('#incident-perpetrators-0-kind', 'unit');
  await sec.selectOption('#incident-perpetrators-0-unit_id', String(world.unit));
  await sec.selectOption('#incident-perpetrators-0-involvement', 'direct');
  await sec.selectOption('#incident-sources-0-kind', 'witness');
  await sec.selectOption('#incident-sources-0-reliability', 'medium');
  await sec.fill('#incident-sources-0-description', 'A neighbour, by phone');
  await sec.fill('#incident-narrative', 'The soldiers broke the door while the family slept');
  await sec.fill('#incident-latitude', '8.1575');
  await sec.fill('#incident-longitude', '125.1278');
  await sec.fill('#incident-victim_identities-0-name', 'Rosa Dimaculangan');
  await submit(sec, list);
  assert.match(await sec.textContent('#incident-victims-error'), /between 1 and/);
  await check(sec, 'incident-refused');
  await sec.fill('#incident-victims-0-count', '2');
  await submit(sec, list);
  const page = new URL(sec.url()).pathname;
  assert.match(page, /^\/desk\/incidents\/\d+$/);
  assert.match(await sec.textContent('main'), /Rosa Dimaculangan/);
  await check(sec, 'incident-secretariat');

  for (const [step, shown] of [['under_assessment', 'under assessment'], ['credible', 'credible'],
    ['under_investigation', 'under investigation']]) {
    await sec.selectOption('#step-status', step);
    await sec.fill('#step-note', `Moved to ${shown}`);
    await submit(sec, `${page}/step`);
    assert.equal(await sec.textContent('#incident-status'), shown);
  }
  await sec.click('details.edit summary');
  await check(sec, 'incident-correct-open');

  const rep = await signIn(world.representative);
  await rep.goto(`${base}/desk/my/incidents`);
  await check(rep, 'incidents-of-my-units');
  await Promise.all([rep.waitForNavigation(), rep.click(`a[href="${page}"]`)]);
  const seen = await rep.textContent('main');
  assert.match(seen, /A checkpoint search damaged a family home/);
  for (const secret of ['Rosa Dimaculangan', 'broke the door', 'neighbour', '125.1278']) {
    assert.ok(!seen.includes(secret), `${secret} shown to the unit`);
  }
  await check(rep, 'incident-unit');
  await rep.selectOption('#response-kind', 'amends');
  await rep.fill('#response-response', 'The brigade repaired the door and apologised to the family');
  await submit(rep, `${page}/response`);
  assert.equal(await rep.textContent('#incident-status'), 'response recorded');
  assert.match(await rep.textContent('main'), /repaired the door/);
  await check(rep, 'incident-answered');

  const mem = await signIn(world.member);
  await mem.goto(`${base}${page}`);
  const read = await mem.textContent('main');
  assert.match(read, /witness · reliability medium/);
  assert.ok(!read.includes('Rosa Dimaculangan') && !read.includes('broke the door'));
  await check(mem, 'incident-board');
}
