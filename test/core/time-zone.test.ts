import { describe, expect, it } from 'vitest';
import { isTimeZone } from '../../src/core/time-zone.ts';

describe('isTimeZone', () => {
  it('knows IANA names, refuses others, and answers the same when asked again', () => {
    for (let round = 0; round < 2; round += 1) {
      expect(isTimeZone('Europe/Paris')).toBe(true);
      expect(isTimeZone('America/Montreal')).toBe(true);
      expect(isTimeZone('UTC')).toBe(true);
      expect(isTimeZone('Mars/Olympus')).toBe(false);
      expect(isTimeZone('Paris')).toBe(false);
      expect(isTimeZone('')).toBe(false);
    }
  });

  it('keeps answering right past its memory of names (a stranger can send thousands)', () => {
    for (let i = 0; i < 2_500; i += 1) expect(isTimeZone(`Nowhere/Place${i}`)).toBe(false);
    expect(isTimeZone('Europe/Paris')).toBe(true);
    expect(isTimeZone('Nowhere/Place3')).toBe(false);
  });
});
