// Series: the secretary changes a series' rule from today on, is refused a rule that is not
// one, and ends another series; then, on a phone and in Filipino, sets a series up from plain
// choices (every two weeks on Monday and Thursday), is refused with no day ticked, sees the
// next sessions before saving, and saves.
import assert from 'node:assert/strict';

export default async function ({ base, world, signIn, check, submit }) {
  const board = world.ids.boardA;
  const series = world.ids.seriesA;
  const sec = await signIn(world.secretary);
  await sec.goto(`${base}/desk/boards/${board}/meetings`);
  await sec.click(`#series-${series} summary`);
  await sec.check(`#series-${series}-repeats-rule`);
  await sec.fill(`#series-${series}-rrule`, 'FREQ=SOMETIMES');
  await submit(sec, `/desk/series/${series}/edit`);
  await sec.waitForSelector(`#series-${series}-rrule-error`);
  await check(sec, 'series-change-refused');
  await sec.fill(`#series-${series}-rrule`, 'FREQ=MONTHLY;BYDAY=-1FR');
  await submit(sec, `/desk/series/${series}/edit`);
  assert.match(await sec.textContent(`#series-${series}`), /the last Friday of every month · 09:00/);
  const doomed = world.ids.seriesDoomed;
  await sec.click(`#series-${doomed} summary`);
  await submit(sec, `/desk/series/${doomed}/end`);
  assert.equal(await sec.$(`#series-${doomed}`), null);
  await check(sec, 'series-ended');

  // On a phone, in Filipino: the choices, a refusal, the next sessions, then saving.
  // `check` leaves the page at desktop width: back to the phone after each.
  const phone = () => sec.setViewportSize({ width: 360, height: 740 });
  await phone();
  await sec.goto(`${base}/desk/boards/${board}/meetings?lang=fil`);
  const create = `/desk/boards/${board}/series`;
  const preview = `form[action="${create}"] button[name=preview]`;
  await sec.fill('#new-series-title', 'Pulong ng lupon tuwing ikalawang linggo');
  await sec.fill('#new-series-first_date', '2030-01-01');
  await sec.check('#new-series-repeats-weekly');
  await sec.fill('#new-series-week_every', '2');
  await Promise.all([sec.waitForNavigation(), sec.click(preview)]);
  assert.match(await sec.textContent('#new-series-days-error'),
    /lagyan ng tsek ang kahit isang araw ng linggo/);
  await check(sec, 'series-choices-refused-fil');
  await phone();
  await sec.check('#new-series-on_mo');
  await sec.check('#new-series-on_th');
  await Promise.all([sec.waitForNavigation(), sec.click(preview)]);
  const next = await sec.$$eval('#new-series-next li', (items) => items.map((i) => i.textContent));
  assert.deepEqual(next, [
    'Huwebes, 2030-01-03, 09:00 (Asia/Manila)',
    'Lunes, 2030-01-14, 09:00 (Asia/Manila)',
    'Huwebes, 2030-01-17, 09:00 (Asia/Manila)',
    'Lunes, 2030-01-28, 09:00 (Asia/Manila)',
    'Huwebes, 2030-01-31, 09:00 (Asia/Manila)',
  ]);
  assert.equal(new URL(sec.url()).hash, '#new-series-next');
  assert.ok(await sec.isChecked('#new-series-on_th'), 'the choices are kept');
  await check(sec, 'series-choices-preview-fil');
  await submit(sec, create);
  assert.equal(new URL(sec.url()).pathname, `/desk/boards/${board}/meetings`);
  assert.match(await sec.textContent('main'),
    /Pulong ng lupon tuwing ikalawang linggo.*bawat 2 linggo tuwing Lunes, Huwebes/s);
  await check(sec, 'series-choices-saved-fil');
}
