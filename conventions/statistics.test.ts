import t from 'tap';
import { median } from './statistics.js';

t.test('median of odd and even counts, whatever the order', async (t) => {
  t.equal(median([5, 1, 3]), 3);
  t.equal(median([4, 1, 3, 2]), 2.5);
  t.equal(median([7]), 7);
  t.throws(() => median([]), RangeError);
});
