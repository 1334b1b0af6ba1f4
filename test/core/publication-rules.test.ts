import { describe, expect, it } from 'vitest';
import { fillable, parseDay } from '../../src/core/posts/publication-rules.ts';

describe('publication rules', () => {
  it('counts the slots the daily job can fill, never the same author twice in a row', () => {
    expect(fillable(['a', 'b', 'c'], null, 2)).toBe(2);
    // Only the previous author's posts: nothing today.
    expect(fillable(['a', 'a'], 'a', 1)).toBe(0);
    // a, b, a: the second "a" waits behind "b".
    expect(fillable(['a', 'a', 'b'], null, 3)).toBe(3);
    expect(fillable(['a', 'a', 'a', 'b'], null, 4)).toBe(3);
    expect(fillable([], 'a', 1)).toBe(0);
  });

  it('reads the day a moderator typed, in either order, and refuses one that does not exist', () => {
    expect(parseDay('2026-12-24', '2026-03-10')).toBe('2026-12-24');
    expect(parseDay(' 24/12/2026 ', '2026-03-10')).toBe('2026-12-24');
    expect(parseDay('5.4.2026', '2026-03-10')).toBe('2026-04-05');
    // Without a year: this year, or the next once passed.
    expect(parseDay('24/12', '2026-03-10')).toBe('2026-12-24');
    expect(parseDay('01/02', '2026-03-10')).toBe('2027-02-01');
    expect(parseDay('31/02/2026', '2026-03-10')).toBeNull();
    expect(parseDay('demain', '2026-03-10')).toBeNull();
  });
});
