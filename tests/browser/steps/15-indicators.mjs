// Indicators: the secretary defines one, sets its targets, and reopens a locked month.
import assert from 'node:assert/strict';

export default async function ({ base, world, signIn, check, submit }) {
  const board = world.ids.boardA;
  const sec = await signIn(world.secretary);
  await sec.goto(`${base}/desk/boards/${board}/indicators`);
  await sec.click('details.edit summary');
  await check(sec, 'indicator-define');
  await sec.fill('#define-code', 'WALK.1');
  await sec.fill('#define-name', 'Checkpoint complaints answered');
  await sec.selectOption('#define-direction', 'higher_is_better');
  await sec.check('#define-by_sex');
  await submit(sec, `/desk/boards/${board}/indicators/new`);
  const page = new URL(sec.url()).pathname;
  assert.match(page, /^\/desk\/indicators\/\d+$/);
  await sec.click('summary:has-text("Change the targets")');
  await sec.fill('#targets-targets', '2027-Q1 10\nsome day');
  await sec.fill('#targets-reason', 'Agreed with the police office');
  await submit(sec, `${page}/targets`);
  await sec.waitForSelector('#targets-targets-error');
  await check(sec, 'indicator-targets-refused');
  await sec.fill('#targets-targets', '2027-Q1 10\n2027 40');
  await submit(sec, `${page}/targets`);
  assert.match(await sec.textContent('main table'), /2027-Q1/);
  await check(sec, 'indicator');

  await sec.goto(`${base}/desk/boards/${board}/indicators?period=2020-01`);
  await sec.fill('#reopen-reason', 'Corrected figures from the police office');
  await submit(sec, `/desk/boards/${board}/indicators/2020-01/reopen`);
  await check(sec, 'indicators-reopened');
}
