// Series: the secretary changes a series' rule from today on, is refused a rule that is not
// one, and ends another series.
import assert from 'node:assert/strict';

export default async function ({ base, world, signIn, check, submit }) {
  const board = world.ids.boardA;
  const series = world.ids.seriesA;
  const sec = await signIn(world.secretary);
  await sec.goto(`${base}/desk/boards/${board}/meetings`);
  await sec.click(`#series-${series} summary`);
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
}
